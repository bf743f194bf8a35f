#!/usr/bin/env bash
# The schema tells the truth: schemathesis against the live API, every operation, with a
# valid token. Any server error, undocumented status code, answer that breaks its schema or
# operation that ignores a missing token fails the run.
#
# A throwaway SQLite database and media directory, gunicorn on a free port of 127.0.0.1,
# stopped on every exit. Bounded: a few examples per operation, a fixed seed, a timeout per
# request and one for the whole run (FUZZ_TIMEOUT seconds).
#   FUZZ_EXAMPLES (default 10)  FUZZ_SEED (default 20240612)  FUZZ_TIMEOUT (default 420)
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-$PWD/.venv/bin/python}
ST=${ST:-$PWD/.venv/bin/schemathesis}
EXAMPLES=${FUZZ_EXAMPLES:-10}
SEED=${FUZZ_SEED:-20240612}
RUN_TIMEOUT=${FUZZ_TIMEOUT:-420}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/schemathesis.XXXXXX")
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [[ -n "${PG_DATABASE:-}" ]]; then
        "$PY" -c 'import psycopg, sys
with psycopg.connect(sys.argv[1], autocommit=True) as db:
    db.execute(f"DROP DATABASE IF EXISTS \"{sys.argv[2]}\" WITH (FORCE)")' \
            "$FUZZ_PG_SERVER/postgres" "$PG_DATABASE" || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"

# Production-like settings (DEBUG off); the auth throttles are opened wide, since fuzzing the
# password endpoints would trip them (their 429 is still in the schema).
export DEBUG=0 SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0
export SECRET_KEY=schemathesis-only-secret-key-not-for-production
export ALLOWED_HOSTS=127.0.0.1 REDIS_URL= CACHE_URL=
export DATABASE_URL="sqlite:///$WORK/db.sqlite3" MEDIA_ROOT="$WORK/media"
# FUZZ_PG_SERVER=postgres://user@host:5432: the same run on a new PostgreSQL database.
PG_DATABASE=""
if [[ -n "${FUZZ_PG_SERVER:-}" ]]; then
    FUZZ_PG_SERVER="${FUZZ_PG_SERVER%/}"
    PG_DATABASE="schemathesis_$(basename "$WORK" | tr -cd 'a-zA-Z0-9' | tr 'A-Z' 'a-z')"
    "$PY" -c 'import psycopg, sys
with psycopg.connect(sys.argv[1], autocommit=True) as db:
    db.execute(f"CREATE DATABASE \"{sys.argv[2]}\"")' "$FUZZ_PG_SERVER/postgres" "$PG_DATABASE"
    export DATABASE_URL="$FUZZ_PG_SERVER/$PG_DATABASE"
fi
export AUTH_THROTTLE_RATE=100000/min AUTH_USERNAME_THROTTLE_RATE=100000/min JWT_ACCESS_MINUTES=60

# The project's settings, with a fast password hasher: the password endpoints are fuzzed
# like the others, and the default hasher would spend most of the run hashing.
cat >"$WORK/fuzz_settings.py" <<'EOF'
from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EOF
export DJANGO_SETTINGS_MODULE=fuzz_settings PYTHONPATH="$WORK:$PWD${PYTHONPATH:+:$PYTHONPATH}"

"$PY" manage.py migrate --no-input --verbosity 0
"$PY" -m gunicorn config.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 \
    --timeout 60 --graceful-timeout 5 --log-level warning >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

# Wait for the server, register a user and sign in.
TOKEN=$(BASE="$BASE" timeout 60 "$PY" - <<'EOF'
import json, os, sys, time, urllib.error, urllib.request

base = os.environ["BASE"] + "/api/v1"


def call(path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        base + path, data=data, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


for _ in range(200):
    try:
        call("/health/")
        break
    except (OSError, urllib.error.URLError):
        time.sleep(0.2)
else:
    sys.exit("the server did not start")
credentials = {"username": "fuzzer", "password": "Fuzz-tests-only-8472!"}
call("/auth/register/", credentials)
print(call("/auth/token/", credentials)["access"])
EOF
) || { cat "$WORK/server.log" >&2; exit 1; }

status=0
# From the throwaway directory: schemathesis keeps a cache of past failures in .schemathesis/.
(cd "$WORK" && timeout --kill-after=10 "$RUN_TIMEOUT" "$ST" run "$BASE/api/v1/schema/" \
    --url "$BASE" \
    --header "Authorization: Bearer $TOKEN" \
    --checks not_a_server_error,status_code_conformance,response_schema_conformance,ignored_auth \
    --max-examples "$EXAMPLES" \
    --seed "$SEED" \
    --workers 1 \
    --request-timeout 20 \
    --wait-for-schema 30 \
    --no-shrink \
    --suppress-health-check all \
    "$@") || status=$?
if [[ $status -ne 0 ]]; then
    if [[ $status -eq 124 || $status -eq 137 ]]; then
        echo "schemathesis: over the ${RUN_TIMEOUT}s budget" >&2
    fi
    echo "--- server log (last 50 lines) ---" >&2
    tail -n 50 "$WORK/server.log" >&2
fi
exit $status
