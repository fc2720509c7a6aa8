# Style-Transfer-Art. `make run` serves the site; `make test` runs every test.
# Both set up first when needed (virtual environment, weights, database).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export SHARED_DIR ?= $(abspath ../shared)

.PHONY: setup run test test-sqlite test-postgres bench clean assets examples db browser

setup: $(VENV)/.installed assets examples db

$(VENV)/.installed: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	touch $@

assets: $(VENV)/.installed
	$(BIN)/python scripts/install_assets.py

# The landing page's before-and-after pictures, painted by the engine (static/examples/).
examples: assets
	$(BIN)/python scripts/make_examples.py

db: $(VENV)/.installed
	mkdir -p instance
	$(BIN)/flask --app wsgi db upgrade

browser: node_modules/.package-lock.json
	scripts/ensure_chromium.sh

# axe-core for the browser tests' accessibility checks, pinned by package-lock.json.
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

run: setup
	scripts/run.sh

# Two passes, one per deployment: the embedded one (SQLite, workers on the filesystem
# broker, the browser tests) runs everything but the server-broker worker tests; the
# production one (a fresh PostgreSQL database; skipped, with the reason, if no server
# answers) runs again only what depends on the database, with the workers on Redis and
# RabbitMQ. Each worker test runs once, in the pass whose deployment it belongs to.
# Left out of the PostgreSQL pass, as the SQLite pass has run them already and the
# dialect cannot change their outcome:
#   engine_only  tests/engine: the style engine alone, no database;
#   browser      Chromium over a live server: what the pages do, not how rows are stored;
#   paints       tests that ask for the real `engine` fixture and paint in this process:
#                they check pixels; their rows go through the same service calls that the
#                rest of the pass runs on PostgreSQL (tests/app/conftest.py marks them);
#   no_database  tests that never open the test database (config checks; marked there too).
# --durations=25: the slowest tests of each pass, to see where the time goes.
test: setup browser test-sqlite test-postgres

test-sqlite:
	$(BIN)/python -m pytest -q --durations=25 -m "not production"

test-postgres:
	TEST_DATABASE=postgresql $(BIN)/python -m pytest -q --durations=25 \
	  -m "not engine_only and not browser and not paints and not no_database and (production or not worker)" \
	  tests/app

bench: setup
	$(BIN)/python bench/engine.py

clean:
	rm -rf $(VENV) instance tests/screenshots node_modules static/examples
