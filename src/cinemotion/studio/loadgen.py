"""A bounded load generator for a running studio: N concurrent clients each make a short,
realistic session of requests (list, create, read, revise an asset; read the job list).
Used by the load test and benchmarks/studio_load.py; reports errors and latency percentiles."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import httpx
import numpy as np

CHARACTER = {"id": "loadtest", "description": "a runner", "build": "athletic"}


@dataclass
class LoadReport:
    latencies_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall_s: float = 0.0

    def percentile_ms(self, q: float) -> float:
        return float(np.percentile(self.latencies_s, q) * 1000) if self.latencies_s else float("nan")

    def summary(self) -> str:
        n = len(self.latencies_s)
        return (f"{n} requests, {len(self.errors)} errors, {n / max(self.wall_s, 1e-9):.0f} req/s; latency "
                f"p50 {self.percentile_ms(50):.1f} ms, p90 {self.percentile_ms(90):.1f} ms, "
                f"p99 {self.percentile_ms(99):.1f} ms, max {self.percentile_ms(100):.1f} ms")


async def _session(client: httpx.AsyncClient, workspace_id: int, rounds: int, report: LoadReport) -> None:
    api = f"/api/workspaces/{workspace_id}"

    async def call(method: str, path: str, **kwargs) -> dict | list | None:
        started = time.perf_counter()
        try:
            response = await client.request(method, path, **kwargs)
        except httpx.HTTPError as err:
            report.errors.append(f"{method} {path}: {type(err).__name__} {err}")
            return None
        report.latencies_s.append(time.perf_counter() - started)
        if response.status_code >= 400:
            report.errors.append(f"{method} {path}: HTTP {response.status_code} {response.text[:120]}")
            return None
        return response.json()

    for _ in range(rounds):
        await call("GET", f"{api}/assets")
        created = await call("POST", f"{api}/assets", json={"kind": "character", "name": "load", "data": CHARACTER})
        if created:
            await call("GET", f"{api}/assets/{created['id']}")
            await call("PUT", f"{api}/assets/{created['id']}", json={"data": {**CHARACTER, "height_m": 1.8}})
        await call("GET", f"{api}/jobs")


async def run_load(base_url: str, token: str, workspace_id: int, *, clients: int = 50,
                   rounds: int = 1) -> LoadReport:
    """`clients` concurrent sessions of `rounds` × 5 requests each, over one connection apiece."""
    report = LoadReport()
    headers = {"Authorization": f"Bearer {token}"}
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=60,
                                 limits=httpx.Limits(max_connections=clients)) as client:
        await asyncio.gather(*(_session(client, workspace_id, rounds, report) for _ in range(clients)))
    report.wall_s = time.perf_counter() - started
    return report


def prepare(base_url: str, email: str = "load@studio.test", password: str = "load-test-password") -> tuple[str, int]:
    """Sign up (or in) a load-test user; returns (API token, workspace id)."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        response = client.post("/api/auth/signup", json={"email": email, "password": password, "name": "load"})
        if response.status_code == 409:
            response = client.post("/api/auth/login", json={"email": email, "password": password})
        response.raise_for_status()
        csrf = {"X-CSRF-Token": response.json()["csrf_token"]}
        token = client.post("/api/tokens", json={"name": "load"}, headers=csrf).json()["token"]
        workspace = client.get("/api/workspaces").json()[0]["id"]
    return token, workspace
