# Two commands a fresh machine needs (Python 3.11 and make): `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/seamline
export SEAMLINE_TEST_DATA_DIR := $(CURDIR)/var/test
# One test process per core; tests spread one by one, but for the groups tests/conftest.py
# keeps together (the demo tests share one load of the demo; browser and live-server tests).
PYTEST_PARALLEL ?= -n auto --dist loadgroup

.PHONY: demo serve test lint typecheck pytest test-postgres bench messages clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

## demo: install, migrate the embedded SQLite database, load demo data once, serve on :8000
demo: $(VENV)/.installed
	$(BIN)/seamline demo

## test: lint, type checks, then the suite on SQLite and (when reachable) on PostgreSQL
test: $(VENV)/.installed-dev lint typecheck pytest test-postgres

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(VENV)/.installed-dev
	SEAMLINE_DATA_DIR=$(SEAMLINE_TEST_DATA_DIR) $(BIN)/mypy
	SEAMLINE_DATA_DIR=$(SEAMLINE_TEST_DATA_DIR) $(BIN)/python -m django check --settings=seamline.config.settings
	SEAMLINE_DATA_DIR=$(SEAMLINE_TEST_DATA_DIR) $(BIN)/python -m django makemigrations --check --dry-run --settings=seamline.config.settings

pytest: $(VENV)/.installed-dev
	SEAMLINE_DATA_DIR=$(SEAMLINE_TEST_DATA_DIR) $(BIN)/pytest $(PYTEST_PARALLEL) --cov --cov-report=term --cov-fail-under=90

test-postgres: $(VENV)/.installed-dev
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(TEST_POSTGRES_URL)', dbname='postgres', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== the suite again, on PostgreSQL =="; \
		SEAMLINE_DATA_DIR=$(SEAMLINE_TEST_DATA_DIR) SEAMLINE_DATABASE_URL=$(TEST_POSTGRES_URL) $(BIN)/pytest $(PYTEST_PARALLEL) -q -p no:cacheprovider; \
	elif [ "$$SEAMLINE_REQUIRE_POSTGRES" = "1" ]; then \
		echo "PostgreSQL is required here but not reachable at $(TEST_POSTGRES_URL)"; exit 1; \
	else \
		echo "PostgreSQL run skipped: no server reachable at $(TEST_POSTGRES_URL)"; \
	fi

## bench: the engine benchmarks (public instances in ../shared/benchmarks, seeded allocation), then scan ingestion
## and floor pages through the real server, then a month of payroll for 500 workers and 1 million scans,
## on SQLite and (when reachable) PostgreSQL (see benchmarks/README.md)
bench: $(VENV)/.installed-dev
	$(BIN)/python -m benchmarks salbp
	$(BIN)/python -m benchmarks cutplan
	$(BIN)/python -m benchmarks cutplan --fabric
	$(BIN)/python -m benchmarks nesting
	$(BIN)/python -m benchmarks allocation --seeds 1 2 3
	$(BIN)/python -m benchmarks balance --seeds 1 2 3
	SEAMLINE_DATA_DIR=$(SEAMLINE_TEST_DATA_DIR) $(BIN)/python -m benchmarks scans
	SEAMLINE_DATA_DIR=$(SEAMLINE_TEST_DATA_DIR) $(BIN)/python -m benchmarks payroll
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(TEST_POSTGRES_URL)', dbname='postgres', connect_timeout=3).close()" 2>/dev/null; then \
		SEAMLINE_DATA_DIR=$(SEAMLINE_TEST_DATA_DIR) $(BIN)/python -m benchmarks scans --database-url $(TEST_POSTGRES_URL); \
		SEAMLINE_DATA_DIR=$(SEAMLINE_TEST_DATA_DIR) $(BIN)/python -m benchmarks payroll --database-url $(TEST_POSTGRES_URL); \
	else \
		echo "scans and payroll on PostgreSQL skipped: no server reachable at $(TEST_POSTGRES_URL)"; \
	fi

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .coverage

## messages: extract translatable strings into the zh_Hans catalogue and compile it (needs GNU gettext)
messages: $(VENV)/.installed-dev
	cd src/seamline && SEAMLINE_DATA_DIR=$(SEAMLINE_TEST_DATA_DIR) ../../$(BIN)/python -m django makemessages \
		--settings=seamline.config.settings -l zh_Hans --no-location --no-obsolete -i "*/migrations/*"
	$(BIN)/python -m seamline.config.i18n compile
