"""The studio: a team workspace service and web UI (`cinemotion studio`).

`create_app(settings)` builds the FastAPI app; `serve(...)` runs it with its render workers
and opens the browser, which is what the desktop command does.
"""

from __future__ import annotations

import threading
import webbrowser
from pathlib import Path

from cinemotion.studio.settings import Settings


def create_app(settings: Settings):
    from cinemotion.studio.app import create_app as build  # the app imports FastAPI: the `studio` extra

    return build(settings)


def serve(host: str = "127.0.0.1", port: int = 8765, data_dir: str | Path = "studio-data",
          database_url: str | None = None, open_browser: bool = True, *, storage_url: str | None = None,
          workers: int = 1, executor: str = "local") -> None:
    """Run the studio until interrupted; records in SQLite under data_dir unless database_url is given."""
    import uvicorn

    settings = Settings(data_dir=Path(data_dir), database_url=database_url, storage_url=storage_url,
                        workers=workers, executor=executor)
    app = create_app(settings)
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    print(f"cinemotion studio on {url} (data in {settings.data_dir.resolve()})")
    # Keep-alive longer than a queued request may wait, so clients never reuse a closed connection.
    uvicorn.run(app, host=host, port=port, log_level="info", timeout_keep_alive=30)


__all__ = ["Settings", "create_app", "serve"]
