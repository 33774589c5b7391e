# Two entry points: `make run` (demo graph + viewer) and `make test` (the whole suite).
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= retailkg-data
PORT ?= 8000

.PHONY: run test install system-deps neo4j-start neo4j-stop lint bench clean

$(BIN)/retailkg: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	@touch $@

install: $(BIN)/retailkg

run: install
	$(BIN)/retailkg ingest data/demo --db $(DB)
	$(BIN)/retailkg serve --db $(DB) --port $(PORT)

# Debian packages the browser, font and slide tests need (root or sudo).
system-deps:
	scripts/system-deps

neo4j-start:
	scripts/neo4j-local start

neo4j-stop:
	scripts/neo4j-local stop

test: install
	scripts/run-tests

lint: install
	$(BIN)/ruff check retailkg tests bench

bench: install
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) $(DB) .pytest_cache test-artifacts
