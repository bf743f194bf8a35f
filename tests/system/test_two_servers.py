"""Scaling out: two gunicorn instances on different ports sharing one database and one
Redis, the same workload spread over both, and the sign-in throttle counted across both."""

import uuid

import httpx
import pytest
import redis

from tests.system.deploy import Gunicorn, sign_up
from tests.system.test_concurrent_writers import check_nothing_lost, run_clients

pytestmark = pytest.mark.system

REDIS = "redis://127.0.0.1:6379/14"


@pytest.fixture
def two_servers(deployment):
    shared = {"REDIS_URL": REDIS, "CACHE_KEY_PREFIX": f"system-{uuid.uuid4().hex}"}
    redis.Redis.from_url(REDIS).ping()  # a missing Redis fails here, loudly
    servers = [Gunicorn(deployment, workers=2, env=shared) for _ in range(2)]
    yield servers
    for server in servers:
        server.stop()


def test_two_servers_share_the_database_and_lose_nothing(deployment, two_servers):
    token = sign_up(two_servers[0].url, "shared")
    outcome = run_clients([server.url for server in two_servers], token)
    check_nothing_lost(deployment, outcome)
    for server in two_servers:
        assert "database is locked" not in server.output()


def test_the_sign_in_throttle_counts_across_both_servers(deployment):
    shared = {
        "REDIS_URL": REDIS,
        "CACHE_KEY_PREFIX": f"system-{uuid.uuid4().hex}",
        "AUTH_THROTTLE_RATE": "4/min",
    }
    servers = [Gunicorn(deployment, workers=2, env=shared) for _ in range(2)]
    try:
        answers = []
        for attempt in range(6):
            server = servers[attempt % 2]
            response = httpx.post(
                f"{server.url}/api/v1/auth/token/",
                json={"username": "nobody", "password": f"guess-{attempt}"},
                timeout=30,
            )
            answers.append(response.status_code)
    finally:
        for server in servers:
            server.stop()
    assert answers[:4] == [401, 401, 401, 401]
    assert answers[4:] == [429, 429]
