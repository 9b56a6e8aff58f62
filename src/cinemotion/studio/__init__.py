"""The studio: a team workspace service and web UI (`cinemotion studio`).

`create_app(settings)` builds the FastAPI app; `serve(...)` runs it with its render workers
and opens the browser, which is what the desktop command does.
"""

from __future__ import annotations

import ipaddress
import threading
import webbrowser
from pathlib import Path

from cinemotion.studio.settings import Settings


def create_app(settings: Settings):
    from cinemotion.studio.app import create_app as build  # the app imports FastAPI: the `studio` extra

    return build(settings)


def is_loopback(host: str) -> bool:
    """Whether binding to `host` keeps the studio on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may resolve to any interface
        return False


def serve(host: str = "127.0.0.1", port: int = 8765, data_dir: str | Path = "studio-data",
          database_url: str | None = None, open_browser: bool = True, *, storage_url: str | None = None,
          workers: int = 1, executor: str = "local", allow_signup: bool | None = None,
          secure_cookies: bool = False) -> None:
    """Run the studio until interrupted; records in SQLite under data_dir unless database_url is given.
    Sign-up is open to everyone only when asked (`allow_signup`) or, by default, when bound to loopback."""
    import uvicorn

    settings = Settings(data_dir=Path(data_dir), database_url=database_url, storage_url=storage_url,
                        workers=workers, executor=executor, secure_cookies=secure_cookies,
                        allow_signup=is_loopback(host) if allow_signup is None else allow_signup)
    app = create_app(settings)
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    print(f"cinemotion studio on {url} (data in {settings.data_dir.resolve()})")
    if not settings.allow_signup:
        print(f"sign-up is closed except from this machine (http://127.0.0.1:{port}/): create accounts there")
    # Keep-alive longer than a queued request may wait, so clients never reuse a closed connection.
    uvicorn.run(app, host=host, port=port, log_level="info", timeout_keep_alive=30)


__all__ = ["Settings", "create_app", "is_loopback", "serve"]
