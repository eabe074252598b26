# The two commands a newcomer types: `make run` and `make test`. Both set up .venv when missing.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=
## Test processes for `make test` (pytest-xdist); each file runs whole in one of them, so a
## module's shared server or browser is started once. PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 2

.PHONY: run test lint types check-imports pytest system-deps node-deps postgres bench fuzz clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

## run: create the SQLite database, load the demo (only if empty) and serve on 127.0.0.1:8000
run: $(STAMP)
	$(BIN)/seguimiento init
	$(BIN)/seguimiento demo
	$(BIN)/seguimiento serve --host 127.0.0.1 --port 8000

## test: lint, types, one-way imports and every test, on SQLite and PostgreSQL
test: $(STAMP) system-deps node-deps postgres lint types check-imports pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(STAMP)
	$(BIN)/mypy

check-imports: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

system-deps:
	@bash scripts/system-deps.sh

## node-deps: axe-core for the browser tests' accessibility audit, from package-lock.json
node-deps: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

postgres:
	@bash scripts/postgres.sh

## bench: benchmarks that print ratios against a baseline measured in the same run
bench: $(STAMP) postgres
	$(BIN)/python -m bench

## fuzz: schemathesis against /openapi.json (no input may answer 5xx); not part of `make test`.
## Runs on SQLite, then on PostgreSQL (NUL bytes and over-long strings only fail there);
## one database: FUZZ_DBS=postgresql make fuzz. Longer runs: FUZZ_EXAMPLES=300 make fuzz
FUZZ_DBS ?= sqlite postgresql
fuzz: $(STAMP) postgres
	@set -e; for db in $(FUZZ_DBS); do echo "fuzz on $$db"; \
	  FUZZ_DB=$$db $(BIN)/pytest tests/fuzz/fuzz_api.py -p no:cacheprovider -q $(PYTEST_ARGS); done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts node_modules
