"""The render worker host as its own program: `python -m cinemotion.render.worker SOCKET_FD` (render/host.py)."""

from __future__ import annotations

import socket
import sys

from cinemotion.render.host import serve


def main() -> None:
    serve(socket.socket(fileno=int(sys.argv[1])))


if __name__ == "__main__":
    main()
