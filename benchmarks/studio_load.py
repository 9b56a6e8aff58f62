"""Studio load benchmark: a real `serve()` process on loopback (SQLite by default, or
--database-url), then rounds of concurrent clients (list, create, read, revise, jobs).
Prints throughput and latency percentiles per concurrency level.

    .venv/bin/python benchmarks/studio_load.py [--clients 10 50 100] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import subprocess
import sys
import tempfile
import time

import httpx

from cinemotion.studio.loadgen import prepare, run_load


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[10, 50, 100])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    port, data_dir = free_port(), tempfile.mkdtemp(prefix="studio-bench-")
    code = (f"from cinemotion.studio import serve; serve('127.0.0.1', {port}, {data_dir!r}, "
            f"{args.database_url!r}, False, workers=0)")
    server = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url + "/api/health", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise SystemExit("studio did not start") from None
                time.sleep(0.1)
        token, workspace = prepare(url)
        print(f"studio at {url}, database {args.database_url or 'SQLite (WAL)'}; 5 requests per round")
        for clients in args.clients:
            report = asyncio.run(run_load(url, token, workspace, clients=clients, rounds=args.rounds))
            print(f"{clients:4d} clients × {args.rounds} rounds: {report.summary()}")
            for error in sorted(set(report.errors))[:3]:
                print(f"      error: {error}")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
