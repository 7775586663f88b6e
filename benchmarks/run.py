"""Measure start-up, logo checks, uploads and memory, and write the results to docs/benchmarks.md.

Run with ``make bench``. Each number is a median over repeated runs on the
machine that ran the script. The page records that machine, so compare numbers
only between runs on the same one.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import anyio

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
RESULTS = ROOT / "docs" / "benchmarks.md"
STARTUP_RUNS = 7
UPLOADS = 50

_INITIALIZE = json.dumps(
    {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "bench", "version": "0"},
        },
    }
)

_BARE_SERVER = """
from mcp.server.mcpserver import MCPServer
MCPServer("bare").run()
"""


def time_initialize(command: list[str]) -> float:
    """Return seconds from spawning ``command`` to its response to ``initialize`` over stdio."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdin is not None
    assert process.stdout is not None
    process.stdin.write(_INITIALIZE + "\n")
    process.stdin.flush()
    process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.kill()
    process.wait()
    return elapsed


def median_ms(measure: Callable[[], float], runs: int) -> float:
    return statistics.median(measure() for _ in range(runs)) * 1000


def bench_startup() -> dict[str, float]:
    cde_mcp = str(Path(sys.executable).with_name("cde-mcp"))
    return {
        "cde-mcp (stdio, initialize answered)": median_ms(lambda: time_initialize([cde_mcp]), STARTUP_RUNS),
        "bare SDK MCPServer (same)": median_ms(
            lambda: time_initialize([sys.executable, "-c", _BARE_SERVER]), STARTUP_RUNS
        ),
    }


def bench_checks() -> dict[str, float]:
    from cde_mcp.logo.checks import inspect_logo

    real = [path.read_bytes() for path in sorted((CORPUS / "real").glob("*.svg"))]
    hostile = [path.read_bytes() for path in sorted((CORPUS / "hostile").glob("*.svg"))]

    def check_all(logos: list[bytes]) -> float:
        started = time.perf_counter()
        for data in logos:
            inspect_logo(data, max_bytes=1024 * 1024)
        return time.perf_counter() - started

    return {
        f"check all {len(real)} real logos": median_ms(lambda: check_all(real), 5),
        f"check all {len(hostile)} hostile logos": median_ms(lambda: check_all(hostile), 5),
    }


def bench_memory() -> dict[str, float]:
    from cde_mcp.logo.checks import inspect_logo

    results: dict[str, float] = {}
    for name in ("m27-billion-laughs.svg", "m29-parameter-laughs.svg", "28-billion-laughs.svg"):
        path = next(iter(CORPUS.glob(f"*/{name}")), None)
        if path is None:
            continue
        tracemalloc.start()
        inspect_logo(path.read_bytes(), max_bytes=1024 * 1024)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        results[f"peak Python memory checking {name} (KiB)"] = peak / 1024
    return results


async def bench_uploads() -> dict[str, float]:
    from mcp import Client

    from cde_mcp.api.retry import RetryPolicy
    from cde_mcp.config import load_settings
    from cde_mcp.sandbox import OMDB_ID, SandboxServer
    from cde_mcp.server.app import create_server

    logo = (ROOT / "examples" / "logo.svg").read_text()
    with SandboxServer(token="bench-token") as sandbox:
        settings = load_settings(api_base_url=sandbox.base_url, api_token="bench-token")
        async with Client(create_server(settings, retry=RetryPolicy.immediate())) as client:
            arguments = {"public_id": OMDB_ID, "connector_version": "1", "logo_svg": logo}
            timings = []
            for _ in range(20):
                started = time.perf_counter()
                await client.call_tool("upload_connector_logo", arguments)
                timings.append(time.perf_counter() - started)

            started = time.perf_counter()
            async with anyio.create_task_group() as group:
                for _ in range(UPLOADS):
                    group.start_soon(client.call_tool, "upload_connector_logo", arguments)
            concurrent = time.perf_counter() - started

    return {
        "one upload with read-back, in-memory client to sandbox": statistics.median(timings) * 1000,
        f"{UPLOADS} concurrent uploads, wall clock": concurrent * 1000,
    }


def write_page(sections: dict[str, dict[str, float]]) -> None:
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` (benchmarks/run.py) on {time.strftime('%Y-%m-%d')}: "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}.",
        "Times are medians in milliseconds unless the row says otherwise; compare only runs on one machine.",
        "Start-up includes starting the Python interpreter; the difference between the two start-up rows is",
        "what cde-mcp adds (its settings, tool schemas and result models) before it answers `initialize`.",
        "",
    ]
    for title, rows in sections.items():
        lines += [f"## {title}", "", "| measurement | value |", "| --- | ---: |"]
        lines += [f"| {name} | {value:,.1f} |" for name, value in rows.items()]
        lines.append("")
    RESULTS.write_text("\n".join(lines))


def main() -> None:
    sections = {
        "Start-up over stdio": bench_startup(),
        "Logo checks": bench_checks(),
        "Memory on hostile input": bench_memory(),
        "Uploads": anyio.run(bench_uploads),
    }
    write_page(sections)
    print(RESULTS.read_text())


if __name__ == "__main__":
    main()
