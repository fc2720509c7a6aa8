# Style-Transfer-Art. `make run` serves the site; `make test` runs every test.
# Both set up first when needed (virtual environment, weights, database).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export SHARED_DIR ?= $(abspath ../shared)

.PHONY: setup run test test-sqlite test-postgres bench clean assets db browser

setup: $(VENV)/.installed assets db

$(VENV)/.installed: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	touch $@

assets: $(VENV)/.installed
	$(BIN)/python scripts/install_assets.py

db: $(VENV)/.installed
	mkdir -p instance
	$(BIN)/flask --app wsgi db upgrade

browser:
	scripts/ensure_chromium.sh

run: setup
	scripts/run.sh

# The whole suite on SQLite, then the database-touching part again on a
# fresh PostgreSQL database (skipped, with the reason, if no server answers).
test: setup browser test-sqlite test-postgres

test-sqlite:
	$(BIN)/python -m pytest -q

test-postgres:
	TEST_DATABASE=postgresql $(BIN)/python -m pytest -q -m "not engine_only and not browser" tests/app

bench: setup
	$(BIN)/python bench/engine.py

clean:
	rm -rf $(VENV) instance tests/screenshots
