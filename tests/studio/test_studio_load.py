"""Bounded concurrent load on loopback: 50 clients at once against the real server (uvicorn,
SQLite WAL), no errors, latency percentiles printed."""

from __future__ import annotations

import asyncio

from cinemotion.studio.loadgen import prepare, run_load
from studio_support import LiveServer, make_settings


def test_fifty_concurrent_clients_without_errors(tmp_path):
    with LiveServer(make_settings(tmp_path / "studio")) as server:
        token, workspace = prepare(server.url)
        report = asyncio.run(run_load(server.url, token, workspace, clients=50, rounds=1))
    print(f"\nstudio load, 50 clients: {report.summary()}")
    assert report.errors == [], report.errors[:5]
    assert len(report.latencies_s) == 50 * 5
    assert report.percentile_ms(99) < 10_000, report.summary()
