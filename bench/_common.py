"""Shared benchmark plumbing: a PostgreSQL database with the demo data, gunicorn, wrk.

Every load goes to 127.0.0.1 only, with bounded connections and duration.
"""

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
# BENCH_DATABASE_URL lets two checkouts on one machine benchmark side by side; the cart and
# orders benchmarks add a suffix to its name.
DEFAULT_DATABASE = os.environ.get(
    "BENCH_DATABASE_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/shop_bench"
)
CONNECTIONS = 16
DURATION_SECONDS = 10
RUNS = 3  # loads per figure: this shared machine's speed varies by 10 to 20 % from run to run


def bench_env(database_url: str) -> dict[str, str]:
    """Environment of a production-configured shop on the benchmark database."""
    return os.environ | {
        "SHOP_ENV": "production",
        "SECRET_KEY": "benchmark-secret-key-not-for-production",
        "DATABASE_URL": database_url,
        "FLASK_APP": "wsgi",
        # Production requires both: jobs are queued on Redis (no worker runs during a load),
        # and only requests naming the shop's own host are served.
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
        "SHOP_BASE_URL": "http://127.0.0.1",
    }


def prepare_database(database_url: str = DEFAULT_DATABASE) -> dict[str, str]:
    """Recreate the benchmark database, migrate it, load the demo data, and vacuum and analyse it
    as a database in service would be (else autovacuum runs during the first loads)."""
    name = database_url.rsplit("/", 1)[1]
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    env = bench_env(database_url)
    flask = str(VENV_BIN / "flask")
    for command in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run([flask, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-d", name, "-c", "VACUUM ANALYZE"],
        check=True,
    )
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int = 2):
    """Serve wsgi:app with gunicorn sync workers on 127.0.0.1; yields (base_url, master pid)."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "-w",
            str(workers),
            "-k",
            "sync",
            "-b",
            f"127.0.0.1:{port}",
            "--backlog",
            "256",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_for_port(port)
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.terminate()
        process.wait(timeout=20)


def _wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def wrk(
    url: str,
    *,
    script: str | None = None,
    seconds: int = DURATION_SECONDS,
    connections: int = CONNECTIONS,
    env: dict[str, str] | None = None,
) -> dict[str, float]:
    """Run a bounded wrk load against a loopback URL; returns req/s, p50 and p99 in ms."""
    assert url.startswith("http://127.0.0.1:"), "benchmarks load the loopback interface only"
    binary = shutil.which("wrk")
    if binary is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    command = [binary, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if script:
        command += ["-s", script]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, env=env
    ).stdout
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _latency(output, "50%"),
        "p99_ms": _latency(output, "99%"),
        "errors": _errors(output),
    }


def wrk_median(url: str, *, runs: int = RUNS, **options) -> dict[str, float]:
    """Run the same bounded load ``runs`` times; the run with the median throughput, with the
    throughput of every run under "runs"."""
    results = sorted(
        (wrk(url, **options) for _ in range(runs)), key=lambda r: r["requests_per_second"]
    )
    median = dict(results[len(results) // 2])
    median["runs"] = [round(r["requests_per_second"]) for r in results]
    return median


def _latency(output: str, label: str) -> float:
    value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _errors(output: str) -> int:
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    total = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        total += sum(int(n) for n in socket_errors.groups())
    return total


MEMORY_TARGET_MIB = 80


def worker_memory_mib(master_pid: int) -> list[tuple[float, float, float]]:
    """(RSS, PSS, USS) of each gunicorn worker (children of the master), in MiB. RSS counts
    every page the worker maps, including those it shares with the master (the application is
    preloaded there: gunicorn.conf.py) and the libraries; PSS splits the shared pages among
    their users; USS is what the worker alone holds, what one more worker costs."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        rss, pss, clean, dirty = (
            int(re.search(rf"^{field}:\s+(\d+) kB", rollup, re.MULTILINE).group(1)) / 1024
            for field in ("Rss", "Pss", "Private_Clean", "Private_Dirty")
        )
        sizes.append((round(rss, 1), round(pss, 1), round(clean + dirty, 1)))
    return sizes


def report_memory(master_pid: int, after: str) -> None:
    """Print what each worker weighs after a load."""
    sizes = worker_memory_mib(master_pid)
    print(
        f"{'  workers after ' + after:<28} RSS {' / '.join(f'{rss:.1f}' for rss, _, _ in sizes)}"
        f"   PSS {' / '.join(f'{pss:.1f}' for _, pss, _ in sizes)}"
        f"   USS {' / '.join(f'{uss:.1f}' for _, _, uss in sizes)} MiB"
        f"   (target < {MEMORY_TARGET_MIB} MiB each)"
    )


def report(name: str, figures: dict[str, float], targets: dict[str, str]) -> None:
    """Print one line of figures and the targets they are compared with."""
    print(
        f"{name:<28} {figures['requests_per_second']:>8.0f} req/s   p50 {figures['p50_ms']:6.2f} ms"
        f"   p99 {figures['p99_ms']:6.2f} ms   errors {figures['errors']}   "
        f"(target {targets.get(name, '-')})"
        + (f"   median of runs at {figures['runs']} req/s" if "runs" in figures else "")
    )
