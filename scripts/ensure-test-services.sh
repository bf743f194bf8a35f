#!/usr/bin/env bash
# What the test suite talks to besides Python: Debian's Chromium (browser tests), Redis
# (shared-cache throttling tests) and, with `postgres` as argument, PostgreSQL.
# Installs or starts whatever is missing; any failure stops `make test` loudly.
set -euo pipefail

need_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "error: $1 is missing and installing it needs root; run: sudo $2" >&2
    exit 1
  fi
}

if [ ! -x /usr/bin/chromium ]; then
  need_root chromium "apt-get install -y chromium"
  echo "Installing Chromium for the browser tests (apt-get install chromium)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  if ! command -v redis-server >/dev/null; then
    need_root redis-server "apt-get install -y redis-server"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  fi
  echo "Starting Redis on 127.0.0.1:6379..."
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi

if [ "${1:-}" = postgres ] && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "Starting PostgreSQL..."
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
