"""Concurrent writers on a real deployment: gunicorn with 4 workers on the suite's database
(SQLite or PostgreSQL), 8 clients on 127.0.0.1 doing a bounded mix of creates, updates,
deletes, lists, reports, budget upserts and imports. No 5xx, no "database is locked", and
afterwards the database holds every acknowledged create and none of the acknowledged
deletes; budget upserts never duplicate."""

import random
import threading
from collections import Counter
from dataclasses import dataclass, field

import httpx
import pytest

from tests.system.deploy import sign_up

pytestmark = pytest.mark.system

CLIENTS = 8
OPERATIONS_PER_CLIENT = 30
MONTH = "2026-02"


@dataclass
class Outcome:
    created: set[int] = field(default_factory=set)
    deleted: set[int] = field(default_factory=set)
    statuses: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


def client_run(base_url: str, token: str, seed: int, outcome: Outcome, lock: threading.Lock):
    rng = random.Random(seed)
    mine: list[int] = []
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=60) as client:
        for step in range(OPERATIONS_PER_CLIENT):
            kind = rng.choice(
                [
                    "create",
                    "create",
                    "create",
                    "update",
                    "delete",
                    "list",
                    "report",
                    "budget",
                    "import",
                ]
            )
            if kind in {"update", "delete"} and not mine:
                kind = "create"
            if kind == "create":
                response = client.post(
                    "/api/v1/expenses/",
                    json={
                        "amount": f"{rng.randint(1, 5000)}.{rng.randint(0, 99):02d}",
                        "date": f"{MONTH}-{rng.randint(1, 28):02d}",
                        "description": f"client {seed} step {step}",
                    },
                )
                if response.status_code == 201:
                    mine.append(response.json()["id"])
                    with lock:
                        outcome.created.add(response.json()["id"])
            elif kind == "update":
                response = client.patch(
                    f"/api/v1/expenses/{rng.choice(mine)}/", json={"notes": f"edited {step}"}
                )
            elif kind == "delete":
                victim = mine.pop(rng.randrange(len(mine)))
                response = client.delete(f"/api/v1/expenses/{victim}/")
                if response.status_code == 204:
                    with lock:
                        outcome.deleted.add(victim)
            elif kind == "list":
                response = client.get("/api/v1/expenses/", params={"page_size": 100})
            elif kind == "report":
                response = client.get(
                    "/api/v1/reports/summary/",
                    params={"start": f"{MONTH}-01", "end": f"{MONTH}-28"},
                )
            elif kind == "budget":
                # Every client upserts the same month's overall budget: one row must result.
                response = client.post(
                    "/api/v1/budgets/",
                    json={"month": MONTH, "scope": "overall", "amount": f"{rng.randint(1, 9)}000"},
                )
            else:
                rows = "".join(
                    f"{MONTH}-{rng.randint(1, 28):02d},{rng.randint(1, 900)}.00,"
                    f"import {seed}-{step}-{n}\n"
                    for n in range(20)
                )
                response = client.post(
                    "/api/v1/import/expenses.csv",
                    files={"file": ("s.csv", f"date,amount,description\n{rows}".encode())},
                )
            with lock:
                outcome.statuses[(kind, response.status_code)] += 1
                if response.status_code >= 500 or "database is locked" in response.text:
                    outcome.failures.append(f"{kind}: {response.status_code} {response.text[:200]}")


def run_clients(base_urls: list[str], token: str) -> Outcome:
    """CLIENTS threads, spread over the servers, each a bounded random workload."""
    outcome, lock = Outcome(), threading.Lock()
    threads = [
        threading.Thread(
            target=client_run,
            args=(base_urls[seed % len(base_urls)], token, seed, outcome, lock),
        )
        for seed in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a client hung"
    return outcome


def check_nothing_lost(deployment, outcome: Outcome) -> None:
    """No server error, every request answered as expected, every acknowledged create
    stored, no acknowledged delete stored, one budget for the month however many upserts."""
    assert outcome.failures == []
    assert sum(outcome.statuses.values()) == CLIENTS * OPERATIONS_PER_CLIENT
    unexpected = {
        key: count for key, count in outcome.statuses.items() if key[1] not in {200, 201, 204}
    }
    assert unexpected == {}
    stored = {row[0] for row in deployment.query("SELECT id FROM expenses_expense")}
    assert outcome.created - outcome.deleted <= stored
    assert outcome.deleted & stored == set()
    budgets = deployment.query(
        "SELECT month, scope, COUNT(*) FROM budgets_budget GROUP BY month, scope"
    )
    assert [row[2] for row in budgets] == [1]


def test_eight_clients_on_four_workers_lose_no_acknowledged_write(deployment, gunicorn):
    token = sign_up(gunicorn.url, "writer")
    outcome = run_clients([gunicorn.url], token)
    check_nothing_lost(deployment, outcome)
    assert "database is locked" not in gunicorn.output()
