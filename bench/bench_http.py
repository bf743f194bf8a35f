"""`make bench`: the API through HTTP (a live gunicorn on 127.0.0.1) against raw SQL over the
same rows, at BENCH_ROWS expenses (issue 15). Run from the repository root:

    DEBUG=1 DATABASE_URL=sqlite:////tmp/b.sqlite3 .venv/bin/python bench/bench_http.py --rows 100000

It seeds a `bench` account with `seed_demo --expenses N` (kept between runs of the same size,
`--fresh` to rebuild), starts gunicorn on the same database, and measures:

- each report and the budget status: endpoint p50 against the raw SQL over the rows (the
  rollups should beat it: ratio below 1);
- a page of 50 expenses, plain and filtered: p50 against `auth/me/` (the framework's floor);
- CSV export: time against a raw cursor written with `csv.writer`, and the worker's peak RSS
  growth while it streams;
- CSV import of up to 100,000 rows through the API against `executemany` of the same rows;
- throughput of the list and summary under gunicorn with 4 workers and 8 concurrent clients.

It writes `bench/results/latest.md` and ends with one `bench: rows=N db=...` line.
"""

import argparse
import csv
import datetime
import http.client
import io
import itertools
import json
import os
import platform
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

DATABASES = {
    "sqlite": "sqlite:////tmp/expense-tracker-bench.sqlite3",
    "postgres": "postgres://postgres@127.0.0.1:5432/expense_tracker_bench",
}


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db",
        default=os.environ.get("BENCH_DB", "sqlite"),
        help="sqlite (a file in /tmp), postgres (database expense_tracker_bench on "
        "127.0.0.1, created if missing) or a database URL",
    )
    parser.add_argument("--rows", type=int, default=int(os.environ.get("BENCH_ROWS", 100_000)))
    parser.add_argument("--repeat", type=int, default=25, help="timed requests per case")
    parser.add_argument("--import-rows", type=int, default=None, help="default: min(rows, 100000)")
    parser.add_argument("--seconds", type=float, default=10, help="per throughput case")
    parser.add_argument("--fresh", action="store_true", help="seed again even if present")
    parser.add_argument(
        "--prepare", action="store_true", help="create and migrate the database, print its URL"
    )
    parser.add_argument("--seed-only", action="store_true", help="build the data and stop")
    parser.add_argument(
        "--parts",
        default="latency,export,import,throughput",
        help="which measurements to make, comma-separated (default: all four)",
    )
    parser.add_argument("--out", type=Path, default=HERE / "results" / "latest.md")
    return parser.parse_args()


def use_database(db: str) -> None:
    """Point Django at the bench database (before it starts), creating a PostgreSQL one."""
    url = DATABASES.get(db, db)
    if "bench" not in url.rsplit("/", 1)[-1]:
        # It deletes and re-creates the accounts `bench` and `bench-import` there.
        raise SystemExit(f"{url}: use a database whose name contains 'bench'.")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")  # only for its development SECRET_KEY
    if url.startswith("postgres"):
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as server:
            if not server.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone():
                server.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    ARGS = arguments()
    use_database(ARGS.db)

import common  # noqa: E402,F401  (Django set up from the repository root)
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.services import user_register  # noqa: E402
from categories.models import Category  # noqa: E402
from config.months import month_end, month_start  # noqa: E402
from expenses.demo import demo_rows_endless  # noqa: E402
from expenses.models import Expense  # noqa: E402

BENCH_USER = "bench"
IMPORT_USER = "bench-import"
PASSWORD = "bench-password-" + "x" * 8  # a local throwaway account on a bench database
EXPENSE = Expense._meta.db_table
CATEGORY = Category._meta.db_table
API = "/api/v1"


def fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# --- data -------------------------------------------------------------------------------


def bench_account(rows: int, fresh: bool) -> User:
    """The `bench` user with exactly `rows` demo expenses (reused when it has them)."""
    user = User.objects.filter(username=BENCH_USER).first()
    if user is not None and not fresh and Expense.objects.filter(owner=user).count() == rows:
        print(f"reusing {BENCH_USER}: {rows:,} expenses")
        return user
    if user is not None:
        drop_account(user)
    user = user_register(username=BENCH_USER, password=PASSWORD)
    started = time.perf_counter()
    call_command("seed_demo", user=BENCH_USER, expenses=rows, seed=2026)
    print(f"seeded {rows:,} expenses in {time.perf_counter() - started:.0f} s")
    return user


def vacuum() -> None:
    """PostgreSQL: what autovacuum does on a server that runs it (this machine's has it off):
    every expense write updates a rollup row, and the dead versions slow the reads that
    follow until they are vacuumed."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def drop_account(user: User) -> None:
    """Delete an account and everything it owns, quickly (no per-row Python deletes)."""
    with transaction.atomic():
        Expense.tags.through.objects.filter(expense__owner=user).delete()
        Expense.objects.filter(owner=user)._raw_delete(connection.alias)
        user.delete()


# --- the server -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(workers: int) -> Iterator[tuple[int, subprocess.Popen]]:
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "JWT_ACCESS_MINUTES": "240",
        "IMPORT_MAX_BYTES": str(64 * 1024 * 1024),
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "600",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.2)
        yield port, server
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def worker_pids(server: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [int(pid) for pid in children]


def rss_mb(pid: int, key: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {key} for {pid}")


class Client:
    """One keep-alive HTTP connection (it reconnects when gunicorn's sync worker closes)."""

    def __init__(self, port: int, token: str = "") -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.token = token

    def request(self, method: str, path: str, body: bytes | None = None, **headers) -> tuple:
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        return response.status, data

    def get(self, path: str, params: dict | None = None) -> bytes:
        status, data = self.request("GET", path + ("?" + urlencode(params) if params else ""))
        if status != 200:
            raise RuntimeError(f"GET {path} {params}: {status} {data[:300]!r}")
        return data

    def stream_to_nowhere(self, path: str, params: dict) -> int:
        """GET a large answer, reading it in 64 KiB pieces; returns its size in bytes."""
        headers = {"Authorization": f"Bearer {self.token}"}
        self.connection.request("GET", path + "?" + urlencode(params), headers=headers)
        response = self.connection.getresponse()
        if response.status != 200:
            raise RuntimeError(f"GET {path}: {response.status} {response.read()[:300]!r}")
        size = 0
        while piece := response.read(65536):
            size += len(piece)
        self.connection.close()
        return size


def sign_in(port: int, username: str) -> str:
    body = json.dumps({"username": username, "password": PASSWORD}).encode()
    status, data = Client(port).request(
        "POST", f"{API}/auth/token/", body, **{"Content-Type": "application/json"}
    )
    if status != 200:
        raise SystemExit(f"sign-in failed: {status} {data[:200]!r}")
    return json.loads(data)["access"]


def raw_p50_ms(run: Callable[[], object], repeat: int) -> float:
    """The median of `run`; three runs only when one takes over a second (the raw SQL over a
    million rows: its figure is far from the endpoint's either way)."""
    started = time.perf_counter()
    run()  # warm
    if time.perf_counter() - started > 1:
        repeat = min(repeat, 3)
    return paired_p50_ms([run], repeat, warm=False)[0]


def paired_p50_ms(
    runs: list[Callable[[], object]], repeat: int, *, warm: bool = True
) -> list[float]:
    """The median of each of `runs`, taken in turns (a, b, a, b, ...), so that a busy
    moment of a shared machine weighs on all of them alike and their ratio holds."""
    for run in runs * (2 if warm else 0):
        run()  # warm caches, connections and the worker's imports
    timings: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for run, times in zip(runs, timings, strict=True):
            started = time.perf_counter()
            run()
            times.append((time.perf_counter() - started) * 1000)
    return [statistics.median(times) for times in timings]


# --- raw SQL over the rows --------------------------------------------------------------

WHERE = "WHERE e.owner_id = %s AND e.currency = %s AND e.date BETWEEN %s AND %s"
FROM = f"FROM {EXPENSE} e LEFT JOIN {CATEGORY} c ON c.id = e.category_id"
DAY_PERIODS = {
    "sqlite": ("date(e.date, 'weekday 0', '-6 days')", "strftime('%%Y-%%m-01', e.date)"),
    "postgresql": ("date_trunc('week', e.date)::date", "date_trunc('month', e.date)::date"),
}


def raw_summary(owner: User, currency: str, start, end) -> None:
    """What the summary answers, summed over the rows: the total and count, per category, and
    per day, week and month."""
    params = [owner.id, currency, start, end]
    fetch(f"SELECT COALESCE(SUM(e.amount), 0), COUNT(*) FROM {EXPENSE} e {WHERE}", params)
    fetch(
        f"SELECT e.category_id, c.name, SUM(e.amount), COUNT(*) {FROM} {WHERE} "
        "GROUP BY e.category_id, c.name",
        params,
    )
    for period in ("e.date", *DAY_PERIODS[connection.vendor]):
        fetch(f"SELECT {period} AS p, SUM(e.amount) FROM {EXPENSE} e {WHERE} GROUP BY p", params)


def raw_daily(owner: User, currency: str, start, end) -> None:
    fetch(
        f"SELECT e.date, SUM(e.amount), COUNT(*) FROM {EXPENSE} e {WHERE} "
        "GROUP BY e.date ORDER BY e.date",
        [owner.id, currency, start, end],
    )


def raw_status(owner: User, month: datetime.date) -> None:
    """The month's spending per category and currency (what budget status needs), over the
    rows; the rollover months before it are left out, which only favours the raw side."""
    fetch(
        f"SELECT e.category_id, e.currency, SUM(e.amount) FROM {EXPENSE} e "
        "WHERE e.owner_id = %s AND e.date BETWEEN %s AND %s GROUP BY e.category_id, e.currency",
        [owner.id, month, month_end(month)],
    )


def raw_export(owner: User, target) -> int:
    """The export's columns by one cursor, written with csv.writer (tags left out: a stricter
    reference than the export, which writes them)."""
    writer = csv.writer(target)
    rows = 0
    with connection.chunked_cursor() as cursor:
        cursor.execute(
            f"SELECT e.date, e.amount, e.currency, e.description, c.name, e.merchant, "
            f"e.payment_method, e.notes {FROM} WHERE e.owner_id = %s "
            "ORDER BY e.date DESC, e.id DESC",
            [owner.id],
        )
        while chunk := cursor.fetchmany(2000):
            writer.writerows(chunk)
            rows += len(chunk)
    return rows


# --- the runs ---------------------------------------------------------------------------


@dataclass
class Results:
    rows: int
    db: str
    lines: list[str] = field(default_factory=list)
    figures: dict[str, float] = field(default_factory=dict)

    def row(self, *cells) -> None:
        self.lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
        print("  ".join(str(cell) for cell in cells))

    def heading(self, title: str, *columns: str) -> None:
        self.lines += ["", f"### {title}", "", "| " + " | ".join(columns) + " |"]
        self.lines.append("|" + "---|" * len(columns))
        print(f"\n{title}\n" + "  ".join(columns))


def ratio(a: float, b: float) -> float:
    """a / b to two significant figures below 0.1 (0.0018, not 0.0), else two decimals."""
    if not b:
        return float("inf")
    value = a / b
    return float(f"{value:.2g}") if value < 0.1 else round(value, 2)


def measure_latency(port: int, owner: User, results: Results, repeat: int) -> None:
    client = Client(port, sign_in(port, BENCH_USER))
    today = timezone.localdate()
    end, start = today, today - datetime.timedelta(days=729)
    currency = owner.default_currency
    span = {"start": start.isoformat(), "end": end.isoformat(), "currency": currency}
    month = month_start(today)
    food = Category.objects.get(owner=None, name="Food")

    def floor() -> bytes:
        return client.get(f"{API}/auth/me/")

    results.heading(
        "Reports and budget status", "endpoint", "HTTP p50 ms", "raw SQL ms", "ratio",
        "floor ms (`auth/me/`)",
    )  # fmt: skip
    cases = [
        (
            "summary, two years",
            lambda: client.get(f"{API}/reports/summary/", span),
            lambda: raw_summary(owner, currency, start, end),
            "summary_ratio",
        ),
        (
            "timeseries daily, two years",
            lambda: client.get(f"{API}/reports/timeseries/", {**span, "bucket": "daily"}),
            lambda: raw_daily(owner, currency, start, end),
            "timeseries_ratio",
        ),
        (
            "budget status, this month",
            lambda: client.get(f"{API}/budgets/status/", {"month": month.strftime("%Y-%m")}),
            lambda: raw_status(owner, month),
            "status_ratio",
        ),
    ]
    for name, endpoint, raw, key in cases:
        http_ms, floor_ms = paired_p50_ms([endpoint, floor], repeat)
        raw_ms = raw_p50_ms(raw, repeat)
        results.figures[key] = ratio(http_ms, raw_ms)
        results.figures[key.replace("ratio", "p50_ms")] = round(http_ms, 1)
        results.row(
            name, f"{http_ms:.1f}", f"{raw_ms:.1f}", f"{ratio(http_ms, raw_ms):g}",
            f"{floor_ms:.1f}",
        )  # fmt: skip

    results.heading("A page of 50 expenses", "request", "HTTP p50 ms", "floor ms", "ratio")
    pages = [
        ("first page", {}),
        (
            "filtered: category and a year",
            {
                "category_id": food.id,
                "start_date": (today - datetime.timedelta(days=364)).isoformat(),
                "end_date": today.isoformat(),
            },
        ),
        ("filtered: currency, by amount", {"currency": currency, "ordering": "-amount"}),
        ("search (rows, not rollups)", {"search": "coffee"}),
    ]
    for index, (name, params) in enumerate(pages):
        page_ms, floor_ms = paired_p50_ms(
            [lambda params=params: client.get(f"{API}/expenses/", params), floor], repeat
        )
        if index == 0:
            results.figures["list_ratio"] = ratio(page_ms, floor_ms)
            results.figures["list_p50_ms"] = round(page_ms, 1)
        results.row(name, f"{page_ms:.1f}", f"{floor_ms:.1f}", f"{ratio(page_ms, floor_ms):.2f}")


def streamed(client: Client, server: subprocess.Popen, path: str) -> tuple[int, float, float]:
    """GET `path` to nowhere: (bytes, seconds, the worker's peak RSS growth in MB)."""
    client.get(f"{API}/expenses/", {"page_size": 1})  # the worker is warm
    [worker] = worker_pids(server)
    before = rss_mb(worker)
    Path(f"/proc/{worker}/clear_refs").write_text("5")  # resets VmHWM, the peak RSS
    started = time.perf_counter()
    size = client.stream_to_nowhere(path, {})
    elapsed = time.perf_counter() - started
    return size, elapsed, rss_mb(worker, "VmHWM") - before


def measure_export(port: int, server: subprocess.Popen, owner: User, results: Results) -> None:
    client = Client(port, sign_in(port, BENCH_USER))
    size, http_s, peak = streamed(client, server, f"{API}/export/expenses.csv")
    with open(os.devnull, "w", newline="") as nowhere:
        started = time.perf_counter()
        rows = raw_export(owner, nowhere)
        raw_s = time.perf_counter() - started
    results.figures["export_ratio"] = ratio(http_s, raw_s)
    results.figures["export_peak_mb"] = round(peak, 1)
    results.heading(
        "Export", "what", "rows", "MB", "HTTP s", "raw s", "ratio", "peak RSS growth MB"
    )  # fmt: skip
    results.row(
        "CSV", f"{rows:,}", f"{size / 1e6:.1f}", f"{http_s:.2f}", f"{raw_s:.2f}",
        f"{ratio(http_s, raw_s):.2f}", f"{peak:.1f}",
    )  # fmt: skip
    # The backup (everything the account holds, as JSON) streams the same way; no raw twin.
    size, backup_s, backup_peak = streamed(client, server, f"{API}/export/backup.json")
    results.figures["backup_peak_mb"] = round(backup_peak, 1)
    results.row(
        "backup JSON", f"{rows:,}", f"{size / 1e6:.1f}", f"{backup_s:.2f}", "", "",
        f"{backup_peak:.1f}",
    )  # fmt: skip


def import_file(rows: int) -> tuple[bytes, list[tuple]]:
    """A CSV in the export's format, and the same rows as tuples for `executemany`."""
    rng = random.Random(7)
    demo = list(itertools.islice(demo_rows_endless(rng=rng, end=timezone.localdate()), rows))
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["date", "amount", "currency", "description", "category", "merchant",
                     "payment_method", "tags", "notes"])  # fmt: skip
    for row in demo:
        cells = [row.date.isoformat(), f"{row.amount:.2f}", "INR", row.description]
        writer.writerow([*cells, row.category, row.merchant, row.payment_method, "", row.notes])
    return text.getvalue().encode(), demo


def multipart(name: str, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"'
            "\r\nContent-Type: text/csv\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def raw_import(owner: User, demo: list) -> float:
    """`executemany` of the same rows into the expenses table, in one transaction (the
    rollup triggers fire as for any insert); the rows are deleted again afterwards."""
    categories = dict(Category.objects.filter(owner=None).values_list("name", "id"))
    now = timezone.now()
    prep = connection.ops
    values = [
        (
            owner.id, uuid.uuid4().hex if connection.vendor == "sqlite" else uuid.uuid4(),
            prep.adapt_decimalfield_value(row.amount, 12, 2), "INR",
            prep.adapt_datefield_value(row.date), row.description, categories.get(row.category),
            row.payment_method, row.merchant, row.notes, "",
            prep.adapt_datetimefield_value(now), prep.adapt_datetimefield_value(now),
        )
        for row in demo
    ]  # fmt: skip
    sql = (
        f"INSERT INTO {EXPENSE} (owner_id, uid, amount, currency, date, description, "
        "category_id, payment_method, merchant, notes, receipt, created_at, updated_at) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, values)
    elapsed = time.perf_counter() - started
    Expense.objects.filter(owner=owner)._raw_delete(connection.alias)
    return elapsed


def measure_import(port: int, rows: int, results: Results) -> None:
    old = User.objects.filter(username=IMPORT_USER).first()
    if old is not None:
        drop_account(old)
    owner = user_register(username=IMPORT_USER, password=PASSWORD)
    try:
        content, demo = import_file(rows)
        raw_s = raw_import(owner, demo)
        body, content_type = multipart("file", "statement.csv", content)
        client = Client(port, sign_in(port, IMPORT_USER))
        started = time.perf_counter()
        status, data = client.request(
            "POST", f"{API}/import/expenses.csv", body, **{"Content-Type": content_type}
        )
        http_s = time.perf_counter() - started
        if status != 201:
            raise RuntimeError(f"import: {status} {data[:500]!r}")
        created = json.loads(data)["created"]
        assert created == rows == Expense.objects.filter(owner=owner).count(), created
    finally:
        drop_account(owner)
    results.figures["import_ratio"] = ratio(http_s, raw_s)
    results.figures["import_rows_per_s"] = round(rows / http_s)
    results.heading("CSV import", "rows", "HTTP s", "rows/s", "executemany s", "ratio")
    results.row(
        f"{rows:,}", f"{http_s:.2f}", f"{rows / http_s:,.0f}", f"{raw_s:.2f}",
        f"{ratio(http_s, raw_s):.2f}",
    )  # fmt: skip


def measure_throughput(port: int, owner: User, results: Results, seconds: float) -> None:
    token = sign_in(port, BENCH_USER)
    today = timezone.localdate()
    span = {
        "start": (today - datetime.timedelta(days=729)).isoformat(),
        "end": today.isoformat(),
        "currency": owner.default_currency,
    }
    paths = {
        "list": f"{API}/expenses/",
        "summary": f"{API}/reports/summary/?" + urlencode(span),
    }
    results.heading(
        "Throughput: gunicorn 4 workers, 8 clients", "endpoint", "requests/s", "p50 ms",
        "p99 ms", "errors",
    )  # fmt: skip
    for name, path in paths.items():
        Client(port, token).get(path)  # warm
        latencies, errors, elapsed = load(port, token, path, seconds)
        rate = len(latencies) / elapsed
        p50 = latencies[len(latencies) // 2]
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        results.figures[f"{name}_rps"] = round(rate, 1)
        results.figures[f"{name}_errors"] = errors
        results.row(name, f"{rate:.1f}", f"{p50:.1f}", f"{p99:.1f}", errors)


def load(port: int, token: str, path: str, seconds: float, clients: int = 8) -> tuple:
    """`clients` threads requesting `path` for `seconds`: (sorted latencies in ms, errors,
    elapsed seconds). An error is any answer but 200, or a failed connection."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client_loop() -> None:
        nonlocal errors
        client = Client(port, token)
        mine, failed = [], 0
        while time.monotonic() < stop:
            began = time.perf_counter()
            try:
                status, _ = client.request("GET", path)
            except OSError:
                status = 0
                client = Client(port, token)
            mine.append((time.perf_counter() - began) * 1000)
            failed += status != 200
        with lock:
            latencies.extend(mine)
            errors += failed

    threads = [threading.Thread(target=client_loop) for _ in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(latencies), errors, time.monotonic() - began


def write_report(results: Results, path: Path, started: float) -> None:
    version = fetch(
        "select sqlite_version()" if results.db == "sqlite" else "show server_version", []
    )
    head = [
        f"# Benchmark: {results.rows:,} expenses on {results.db} {version[0][0]}",
        "",
        f"`make bench` on {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, "
        f"{platform.node()} ({os.cpu_count()} cores, Python {platform.python_version()}); "
        f"{time.perf_counter() - started:.0f} s. Through HTTP: gunicorn on 127.0.0.1, one "
        "sync worker for the latencies, export and import; 4 for the throughput. Ratios: "
        "endpoint / raw SQL over the rows (reports), page / `auth/me/` (list), HTTP / raw "
        "cursor with csv.writer (export), HTTP / executemany (import). Method: docs/benchmarks.md.",
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(head + results.lines + ["", summary_line(results), ""]))


def summary_line(results: Results) -> str:
    keys = ["summary_ratio", "timeseries_ratio", "status_ratio", "list_ratio", "list_p50_ms",
            "export_ratio", "export_peak_mb", "import_ratio"]  # fmt: skip
    figures = " ".join(f"{key}={results.figures.get(key, 'n/a')}" for key in keys)
    return f"bench: rows={results.rows} db={results.db} {figures}"


def main(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if args.prepare:
        print(os.environ["DATABASE_URL"])
        return
    settings.DEBUG = False  # DEBUG=1 only supplies a key; its query log would skew timings
    db = "postgres" if connection.vendor == "postgresql" else "sqlite"
    results = Results(rows=args.rows, db=db)
    owner = bench_account(args.rows, args.fresh)
    vacuum()
    if args.seed_only:
        return
    connection.close()  # the server and this process share the database
    parts = set(args.parts.split(","))
    with gunicorn(workers=1) as (port, server):
        if "latency" in parts:
            measure_latency(port, owner, results, args.repeat)
        if "export" in parts:
            measure_export(port, server, owner, results)
        if "import" in parts:
            measure_import(port, args.import_rows or min(args.rows, 100_000), results)
    if "throughput" in parts:
        with gunicorn(workers=4) as (port, _server):
            measure_throughput(port, owner, results, args.seconds)
    write_report(results, args.out, started)
    print(f"\nwritten to {args.out}")
    print(summary_line(results))


if __name__ == "__main__":
    main(ARGS)
