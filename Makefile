# Bangban: `make run` serves the demo on 127.0.0.1:8000, `make test` runs the suite.
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
HOST ?= 127.0.0.1:8000
WORKERS ?= 2
# pytest-xdist processes for the suite: one per CPU core (`auto`), or a number.
TEST_WORKERS ?= auto

.PHONY: run setup test test-quick test-sqlite test-postgres system-packages translations \
        translations-update migration bench clean

run: setup
	$(FLASK) setup
	$(VENV)/bin/gunicorn --workers $(WORKERS) --bind $(HOST) 'app:create_app()'

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

# Everything but the browser tests (the `browser` marker, tests/conftest.py).
test-quick: setup
	env -u TEST_DATABASE_URL $(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile -m "not browser"

# Write the next numbered migration from the difference between models and schema.
migration: $(VENV)/.installed
	rm -f /tmp/bangban-migration.db
	$(PY) -m playhouse.migrations sqlite:////tmp/bangban-migration.db up -d migrations
	$(PY) -m playhouse.migrations sqlite:////tmp/bangban-migration.db generate $(or $(NAME),change) models:MODELS -d migrations

bench: setup
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) instance/bangban.db*
