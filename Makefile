# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Local development defaults; production sets its own environment.
DEV_ENV := DEBUG=$${DEBUG:-true}
PYTEST_WORKERS ?= 2

.PHONY: run test test-postgres test-sqlite bench fixtures backup restore install clean

$(VENV)/.installed: pyproject.toml package.json package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; else echo "npm not found: browser accessibility tests will skip"; fi
	touch $@

install: $(VENV)/.installed

run: install
	$(DEV_ENV) $(PY) manage.py migrate --no-input
	$(DEV_ENV) $(PY) manage.py loaddata $$(ls fixtures/*.json | sort)
	$(DEV_ENV) SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py create_demo_editor
	$(DEV_ENV) SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite on PostgreSQL when one is reachable (SQLite otherwise, with a
# line saying so), then the database-facing tests again on SQLite, the
# embedded default that `make run` uses.
test: install
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)
	TEST_DATABASE=sqlite $(PY) -m pytest -n $(PYTEST_WORKERS) -m "not browser" -q $(PYTEST_ARGS)

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

bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var node_modules
