"""Benchmark harness: a real server (gunicorn) on a real database, loaded from this process.

Nothing here runs in the test suite. Figures are medians and percentiles of wall-clock latency,
with a baseline endpoint measured in the same run so that ratios stay meaningful across machines.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server(workers: int = 2, threads: int = 1):
    """Start gunicorn on 127.0.0.1 with the current environment's DATABASE_URL; yield its base URL."""
    port = free_port()
    env = {**os.environ, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0"}
    env.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-" + "x" * 20)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "comptoir.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--threads", str(threads), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the server did not start")
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


@dataclass
class Result:
    name: str
    latencies_ms: list[float]
    errors: int
    elapsed_s: float

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.latencies_ms, n=20)[18]

    @property
    def rps(self) -> float:
        return len(self.latencies_ms) / self.elapsed_s

    def line(self) -> str:
        return (f"{self.name:<40} n={len(self.latencies_ms):>5}  p50={self.p50:7.1f} ms  p95={self.p95:7.1f} ms  "
                f"{self.rps:7.1f} req/s  errors={self.errors}")  # fmt: skip


def load(name: str, url: str, *, requests: int = 400, concurrency: int = 8, headers: dict | None = None) -> Result:
    """GET ``url`` ``requests`` times from ``concurrency`` threads; bounded in count and time."""
    headers = headers or {}

    def one(_i: int) -> tuple[float, bool]:
        request = urllib.request.Request(url, headers=headers)
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                ok = response.status == 200
        except OSError:  # HTTP errors, refused connections and time-outs all count as errors
            ok = False
        return (time.perf_counter() - start) * 1000, ok

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        outcomes = list(pool.map(one, range(requests)))
    elapsed = time.perf_counter() - start
    return Result(name, [ms for ms, _ok in outcomes], sum(1 for _ms, ok in outcomes if not ok), elapsed)
