# The README's two commands, `make run` and `make test`, and the steps they take.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENDOR := survey/static/vendor

.PHONY: run serve test install install-dev assets translations translations-update database lint clean

run: install assets translations database
	@$(BIN)/survey demo
	@echo "Serving on http://127.0.0.1:5000"
	$(BIN)/flask --app survey run --host 127.0.0.1 --port 5000

# Production-style serving: gunicorn with several workers, each with a few threads, so a
# slow request (a PIN check, an export) never holds up a tablet's answer (docs/deploy.md).
WORKERS ?= 4
THREADS ?= 4
serve: install assets translations database
	$(BIN)/gunicorn --workers $(WORKERS) --threads $(THREADS) --bind 127.0.0.1:8000 --access-logfile - 'survey:create_app()'

test: install-dev assets translations
	$(BIN)/ruff check survey tests
	$(BIN)/pytest $(PYTEST_ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev,postgres]"

# Front-end files come pinned from the npm registry (package-lock.json), never from a CDN.
assets: package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	# axe-core is for the accessibility tests only: copied where they read it, never served.
	mkdir -p build/test-vendor
	cp node_modules/axe-core/axe.min.js build/test-vendor/axe.min.js

# Extract, update and compile the interface catalogues (offline: pybabel only reads files).
# A string added without a translation shows in English, and tests/test_translations.py
# fails until every shipped language has it.
translations: translations-update
	$(BIN)/pybabel compile -d translations --statistics

# Extract the interface strings and merge them into every catalogue.
# The template is an intermediate file (build/, git-ignored): its date changes on every run.
translations-update: $(BIN)/python
	mkdir -p build
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o build/messages.pot --no-location --sort-output --omit-header survey
	$(BIN)/pybabel update -i build/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date

instance/config.py:
	mkdir -p instance
	$(BIN)/python -c "import secrets; print(f'SECRET_KEY = {secrets.token_hex(32)!r}')" > $@

database: instance/config.py
	$(BIN)/survey migrate

lint:
	$(BIN)/ruff check survey tests

clean:
	rm -rf $(VENV) node_modules $(VENDOR) instance
