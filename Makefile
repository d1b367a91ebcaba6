# storage-sdk: every command a developer or CI needs. `make test` works from a fresh clone with
# only Python >= 3.11, make and access to the package registries.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help demo bench install generate check-generated unasync check-unasync lint typecheck unit test clean

help:
	@echo "make demo             a session against the stateful fakes (storage_sdk.testing), then examples/; no Node"
	@echo "make bench            benchmarks against raw httpx and the peers; writes BENCHMARKS.md"
	@echo "make install          create .venv with the project and its dev dependencies, and node_modules/"
	@echo "make generate         validate openapi/*.yaml and regenerate generated/"
	@echo "make check-generated  fail if generated/ differs from what the specs give"
	@echo "make unasync         regenerate the sync twins (*_sync_*.py) from their async sources"
	@echo "make lint             ruff (generated/ excluded)"
	@echo "make typecheck        mypy --strict on src/"
	@echo "make test             all of: spec validation, drift check, lint, typecheck, pytest"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required, found " + sys.version)'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The test suite starts Prism (mock servers from the specs) and s3rver (presigned uploads): npm packages.
# `make demo` needs neither: it runs on the fakes of storage_sdk.testing.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "make: npm not found. The tests need Node.js 18+ with npm (Debian/Ubuntu: apt-get install -y nodejs npm; or https://nodejs.org)." >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

install: $(STAMP) $(NODE_STAMP)

demo: $(STAMP)
	$(PY) scripts/demo.py

BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): benchmarks/requirements.txt $(STAMP)
	$(PY) -m pip install --quiet -r benchmarks/requirements.txt
	touch $(BENCH_STAMP)

# e.g. make bench BENCH_ARGS="--n 300 --rounds 1 --no-write" for a quick look
BENCH_ARGS ?=
bench: $(BENCH_STAMP)
	$(PY) benchmarks/bench.py $(BENCH_ARGS)

generate: $(STAMP)
	$(PY) scripts/generate.py

check-generated: $(STAMP)
	$(PY) scripts/generate.py --check

unasync: $(STAMP)
	$(PY) scripts/unasync.py

check-unasync: $(STAMP)
	$(PY) scripts/unasync.py --check

lint: $(STAMP)
	$(BIN)/ruff check --no-cache src tests scripts benchmarks examples
	$(BIN)/ruff format --no-cache --check src tests scripts benchmarks examples

typecheck: $(STAMP)
	$(BIN)/mypy src

unit: $(STAMP) $(NODE_STAMP)
	$(BIN)/pytest

# check-generated validates both specs before regenerating them
test: check-generated check-unasync lint typecheck unit

clean:
	rm -rf $(VENV) node_modules build dist .pytest_cache .mypy_cache
