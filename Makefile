# Smart Expense Tracker: `make dev` to run it, `make test` to test it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/expense_tracker
# Tests run with production-like settings (DEBUG off), so they need a key of their own.
TEST_ENV := DEBUG=0 SECURE_SSL_REDIRECT=0 SECRET_KEY=test-only-secret-key-not-for-production DATABASE_URL= REDIS_URL=
PYTEST_ARGS ?=
NODE_DEPS := frontend/node_modules/.installed

.PHONY: dev test test-pg lint format check fuzz fuzz-pg audit bench bench-parts clean help

help:
	@echo "make dev      set up and serve the API on :8000 and the app on :5173 (demo account)"
	@echo "make test     install test tools and run the whole suite on SQLite"
	@echo "make test-pg  the same suite on PostgreSQL ($(PG_URL))"
	@echo "make lint     ruff, the layers between apps (import-linter) and types (mypy)"
	@echo "make check    check --deploy, migrations and OpenAPI schema validation"
	@echo "make fuzz     schemathesis against a live server: every operation, every answer as documented"
	@echo "make fuzz-pg  the same on PostgreSQL"
	@echo "make audit    Lighthouse (>= 95 in all four categories) and axe (no violations) on the browser app"
	@echo "make bench    the API through HTTP against raw SQL on BENCH_ROWS expenses (BENCH_DB=sqlite|postgres)"
	@echo "make bench-parts  report selectors against raw SQL, the list, the categorizer's quality"

$(VENV)/.python-ok:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.installed: $(VENV)/.python-ok requirements.txt
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

dev: $(VENV)/.installed
	DEBUG=$${DEBUG:-1} $(PY) manage.py run_dev $(DEV_ARGS)

# The browser tests read axe-core from frontend/node_modules (pinned in package-lock.json).
$(NODE_DEPS): frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	@touch $@

test: $(VENV)/.installed-dev $(NODE_DEPS)
	scripts/ensure-test-services.sh
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

test-pg: $(VENV)/.installed-dev $(NODE_DEPS)
	scripts/ensure-test-services.sh postgres
	$(TEST_ENV) DATABASE_URL=$(PG_URL) $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DEBUG=1 $(VENV)/bin/mypy

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: $(VENV)/.installed-dev
	DEBUG=0 SECRET_KEY='k8#Qz!v2@Lp9$$Wm4^Tn7&Rb1*Yc6(Xd3)Fg5_Hj0+Ks8=Ua2-Ve4~Ni6' ALLOWED_HOSTS=expenses.example.com \
		$(PY) manage.py check --deploy --fail-level WARNING
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DEBUG=1 $(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null

fuzz: $(VENV)/.installed-dev
	scripts/schemathesis.sh

fuzz-pg: $(VENV)/.installed-dev
	scripts/ensure-test-services.sh postgres
	FUZZ_PG_SERVER=$(dir $(PG_URL)) scripts/schemathesis.sh

# Lighthouse 12 (frontend/node_modules, pinned in package-lock.json) with Debian's Chromium on
# the sign-in page and, signed in, the dashboard, expenses and reports; then axe-core on every
# page at desktop and phone size. Both run and print their figures; either failing fails it.
audit: $(VENV)/.installed-dev $(NODE_DEPS)
	scripts/ensure-test-services.sh
	status=0; \
	CHROME_PATH=/usr/bin/chromium $(PY) scripts/audit.py $(AUDIT_ARGS) || status=1; \
	$(TEST_ENV) $(PY) -m pytest tests/browser/test_accessibility.py -q || status=1; \
	exit $$status

# Through HTTP (gunicorn on 127.0.0.1) against raw SQL over the same rows; writes
# bench/results/latest.md and ends with one `bench: rows=N db=...` line. BENCH_DB: sqlite (a
# file in /tmp), postgres (database expense_tracker_bench on 127.0.0.1) or a database URL.
BENCH_DB ?= sqlite
BENCH_ROWS ?= 100000
BENCH_ARGS ?=

bench: $(VENV)/.installed-dev
	@if [ "$(BENCH_DB)" = postgres ]; then scripts/ensure-test-services.sh postgres; fi
	$(PY) bench/bench_http.py --db $(BENCH_DB) --rows $(BENCH_ROWS) $(BENCH_ARGS)

# The parts: the report selectors against hand-written SQL, the list and seeding, and the
# categorizer's quality and speed (see bench/README.md).
bench-parts: $(VENV)/.installed-dev
	url=$$($(PY) bench/bench_http.py --db $(BENCH_DB) --prepare) && \
	DEBUG=1 DATABASE_URL=$$url $(PY) bench/bench_expenses.py --rows $(BENCH_ROWS) && \
	DEBUG=1 DATABASE_URL=$$url $(PY) bench/bench_reports.py --rows $(BENCH_ROWS)
	DEBUG=1 $(PY) bench/ai_quality.py

clean:
	rm -rf $(VENV) .pytest_cache
