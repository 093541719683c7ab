# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Local development defaults; production sets its own environment.
DEV_ENV := DEBUG=$${DEBUG:-true}
PYTEST_WORKERS ?= 2

.PHONY: run setup test test-postgres test-sqlite lint bench fixtures backup restore install clean

$(VENV)/.installed: pyproject.toml package.json package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; else echo "npm not found: browser accessibility tests will skip"; fi
	touch $@

install: $(VENV)/.installed

# This checkout's development settings (DEBUG on, a generated key), read by
# newsroom/settings.py, so that any manage.py command pasted after `make run`
# works as written. Git ignores it; production sets its own environment.
local.env:
	@umask 077 && $(PYTHON) -c "import secrets; print('# Written by make run for local development; never used in production.'); print('DEBUG=true'); print('SECRET_KEY=django-dev-' + secrets.token_urlsafe(48))" > $@
	@echo "wrote $@ (DEBUG=true and a development key for this checkout)"

# Everything `make run` does before serving: the database, the fixtures and
# the demo editor.
setup: install local.env
	$(PY) manage.py migrate --no-input
	$(PY) manage.py loaddata $$(ls fixtures/*.json | sort)
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py create_demo_editor

run: setup
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite on PostgreSQL when one is reachable (SQLite otherwise, with a
# line saying so), then the database-facing tests again on SQLite, the
# embedded default that `make run` uses.
test: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)
	TEST_DATABASE=sqlite $(PY) -m pytest -n $(PYTEST_WORKERS) -m "not browser" -q $(PYTEST_ARGS)

# Lint, import order and format, as CI checks them (ruff's settings: pyproject.toml).
lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

test-postgres: install
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-sqlite: install
	TEST_DATABASE=sqlite $(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Regenerate fixtures/seed-page.json from the seed page, in a fresh database
# so the result depends on the importer alone.
FIXTURE_DB := var/fixture-build.sqlite3
fixtures: install
	rm -f $(FIXTURE_DB)
	$(DEV_ENV) DATABASE_URL=sqlite:///$(CURDIR)/$(FIXTURE_DB) $(PY) manage.py migrate --no-input -v0
	$(DEV_ENV) DATABASE_URL=sqlite:///$(CURDIR)/$(FIXTURE_DB) $(PY) manage.py loaddata fixtures/departments.json -v0
	$(DEV_ENV) DATABASE_URL=sqlite:///$(CURDIR)/$(FIXTURE_DB) $(PY) manage.py build_seed_fixture
	rm -f $(FIXTURE_DB)

# Back up content, accounts and history to var/backups/ (see README, "Safety").
backup: install
	$(DEV_ENV) $(PY) manage.py backup

# make restore BACKUP=var/backups/newsroom-….json.gz (into a fresh, migrated database)
restore: install
	$(DEV_ENV) $(PY) manage.py migrate --no-input -v0
	$(DEV_ENV) $(PY) manage.py restore $(BACKUP)

# The person-name figures read the shared evaluation file where it lies.
NER_DATA ?= ../shared/eval/ner_msra_test.jsonl
bench: install
	$(PY) bench/run.py --ner-data $(NER_DATA) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var node_modules
