# Bangban: `make run` serves the demo on 127.0.0.1:8000 (and runs the scheduled
# jobs inside it, JOBS_EMBEDDED), `make test` runs the suite.
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
HOST ?= 127.0.0.1:8000
WORKERS ?= 2
# pytest-xdist processes for the suite: one per CPU core (`auto`), or a number.
TEST_WORKERS ?= auto

.PHONY: run setup test test-quick screenshots test-sqlite test-postgres system-packages translations \
        translations-update migration bench bench-data clean

run: setup
	$(FLASK) setup
	JOBS_EMBEDDED=1 $(VENV)/bin/gunicorn --workers $(WORKERS) --bind $(HOST) 'app:create_app()'

setup: $(VENV)/.installed translations

$(VENV)/.installed: requirements.txt requirements-test.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-test.txt
	touch $@

translations: $(VENV)/.installed
	$(VENV)/bin/pybabel -q compile --use-fuzzy -d translations

translations-update: $(VENV)/.installed
	$(FLASK) translate update

# Chromium (browser tests) and PostgreSQL (second run) come from Debian.
system-packages:
	bash scripts/system-packages.sh

# The whole suite on SQLite, then on PostgreSQL when TEST_DATABASE_URL is set.
test: setup system-packages
	$(MAKE) test-sqlite
	@if [ -n "$$TEST_DATABASE_URL" ]; then $(MAKE) test-postgres; fi

test-sqlite:
	env -u TEST_DATABASE_URL $(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile

test-postgres:
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile

# The browser tests, taking a screenshot of each page they check into
# test-artifacts/ for people to look at (make test takes none).
screenshots: setup system-packages
	env -u TEST_DATABASE_URL BANGBAN_SCREENSHOTS=1 $(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile -m browser

# Everything but the browser tests (the `browser` marker, tests/conftest.py).
test-quick: setup
	env -u TEST_DATABASE_URL $(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile -m "not browser"

# Write the next numbered migration from the difference between models and schema.
migration: $(VENV)/.installed
	rm -f /tmp/bangban-migration.db
	$(PY) -m playhouse.migrations sqlite:////tmp/bangban-migration.db up -d migrations
	$(PY) -m playhouse.migrations sqlite:////tmp/bangban-migration.db generate $(or $(NAME),change) models:MODELS -d migrations

# The benchmark (bench/run.py): throughput against bare baselines, and every
# portal page at each size of `bench-data`. BENCH_ARGS, e.g. --quick,
# --sizes 10000,100000 or --json bench.json; BENCH_DATABASE_URL for PostgreSQL.
bench: setup system-packages
	$(PY) bench/run.py $(BENCH_ARGS)

# A generated city of CASES cases (1,000,000 by default) for `make bench`:
# instance/bench-<CASES>.db, or BENCH_DATABASE_URL's server.
CASES ?= 1000000
bench-data: setup
	$(PY) bench/data.py --cases $(CASES) --reset

clean:
	rm -rf $(VENV) instance/bangban.db*
