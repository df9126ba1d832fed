# CloudForgeX — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test install install-test lint migrate seed bench eval audit lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Every install goes through the hash-locked closure in requirements/ (`make lock`
# writes it from pyproject.toml); the project itself comes last, without deps.
install: $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --only-binary=:all: -r requirements/runtime.txt
	$(BIN)/pip install --quiet --no-deps -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --only-binary=:all: -r requirements/test.txt
	$(BIN)/pip install --quiet --no-deps -e .

## make lock: re-resolve pyproject.toml's pins into requirements/*.txt with every file's sha256.
## pip-tools runs in its own throwaway virtualenv (.cache/pip-tools), never in .venv.
PIP_TOOLS := .cache/pip-tools/bin
PIP_COMPILE := $(PIP_TOOLS)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links --no-emit-trusted-host --rebuild --resolver=backtracking
lock:
	rm -rf .cache/pip-tools && $(PYTHON) -m venv .cache/pip-tools
	$(PIP_TOOLS)/pip install --quiet pip-tools==7.6.2
	$(PIP_COMPILE) -o requirements/runtime.txt pyproject.toml
	$(PIP_COMPILE) --extra test -o requirements/test.txt pyproject.toml requirements/test.in
	$(PIP_COMPILE) --extra deploy -o requirements/deploy.txt pyproject.toml requirements/deploy.in

## make run: install, migrate, load the demo portfolio and serve it on http://127.0.0.1:8000
## (seed_demo only adds missing demo rows and the admin only if missing: your edits survive;
##  `manage.py seed_demo --reset` restores the demo content)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py ensure_demo_admin --base-url http://127.0.0.1:$(PORT)
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

## make test: install test dependencies, lint, then the whole suite on SQLite and on PostgreSQL
test: lint
	$(BIN)/python -m harness.run --redis -- $(BIN)/pytest
	$(BIN)/python -m harness.run --postgres --redis -- $(BIN)/pytest -m "not sqlite_only and not browser and not deploy" -p no:cacheprovider

## make bench: start PostgreSQL, Redis, the fake Bedrock and gunicorn on loopback, measure, print the table
bench: install-test
	$(BIN)/python -m bench.run

## make eval: score EVE's answers on the labelled set (eval/cases_*.yaml); --failures lists misses
eval: install-test
	$(BIN)/python -m eval $(EVAL_ARGS)

## make audit: pip-audit the shipped (runtime) dependency closure; needs PyPI's vulnerability API
audit: install-test
	$(BIN)/python -m tests.security.dependency_audit

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 private_media media .pytest_cache test-artifacts
