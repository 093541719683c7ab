# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Local development defaults; production sets its own environment.
DEV_ENV := DEBUG=$${DEBUG:-true}
PYTEST_WORKERS ?= 2

.PHONY: run test test-postgres test-sqlite bench fixtures install clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@if [ -f package.json ] && command -v npm >/dev/null; then npm install --no-audit --no-fund --silent; fi
	touch $@

install: $(VENV)/.installed

run: install
	$(DEV_ENV) $(PY) manage.py migrate --no-input
	$(DEV_ENV) $(PY) manage.py loaddata $$(ls fixtures/*.json | sort)
	$(DEV_ENV) $(PY) manage.py create_demo_editor
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite on PostgreSQL when one is reachable (SQLite otherwise, with a
# line saying so), then the database-facing tests again on SQLite, the
# embedded default that `make run` uses.
test: install
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)
	TEST_DATABASE=sqlite $(PY) -m pytest -n $(PYTEST_WORKERS) -m "not browser" -p no:randomly -q $(PYTEST_ARGS)

test-postgres: install
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-sqlite: install
	TEST_DATABASE=sqlite $(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

fixtures: install
	$(DEV_ENV) $(PY) manage.py build_seed_fixture

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var node_modules
