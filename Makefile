# cablegate: two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
DB     ?= cablegate.db
HOST   ?= 127.0.0.1
PORT   ?= 8000
# pytest processes (pytest-xdist); a file's tests stay in one process, so its fixtures are made once
TEST_JOBS ?= 2
SAMPLE := src/cablegate/sample
FULL   ?= /tmp/cables-full.csv
SHARED ?= ../shared

.PHONY: run test lint audit bench bench-web bench-mirror browser-deps pg-deps sample clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

$(DB): | $(VENV)/.installed
	$(VENV)/bin/cablegate ingest $(SAMPLE)/cables.csv $(SAMPLE)/media.csv $(SAMPLE)/releases.csv --db $(DB)

## run: create the environment, load the bundled sample on first run, serve on http://$(HOST):$(PORT)
run: $(VENV)/.installed $(DB)
	$(VENV)/bin/cablegate stats --db $(DB)
	$(VENV)/bin/cablegate serve --db $(DB) --host $(HOST) --port $(PORT)

## browser-deps: Debian's chromium for the browser tests (no browser download)
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing: apt-get install chromium (browser tests will be skipped)"; fi; }

## pg-deps: Debian's PostgreSQL server binaries for the store tests' throwaway cluster
pg-deps:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	  else echo "PostgreSQL missing: apt-get install postgresql (PostgreSQL tests will be skipped)"; fi; }

## test: the one gate, same locally and in CI: format, lint, types, every test
test: $(VENV)/.installed browser-deps pg-deps
	$(VENV)/bin/ruff format --check src tests benchmarks scripts
	$(VENV)/bin/ruff check src tests benchmarks scripts
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest -q -n $(TEST_JOBS) --dist loadfile

## audit: Lighthouse (npm, pinned in scripts/audit/, installed into .audit/) with Debian's chromium
## on the front page, a cable, a search and a tag page of the sample: every category >= 98
audit: $(VENV)/.installed browser-deps
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else echo "npm missing: apt-get install nodejs npm"; exit 1; fi; }
	$(PY) scripts/audit.py --cablegate $(VENV)/bin/cablegate

lint: $(VENV)/.installed
	$(VENV)/bin/ruff format src tests benchmarks scripts
	$(VENV)/bin/ruff check --fix src tests benchmarks scripts
	$(VENV)/bin/mypy

## bench: full-scale corpus (251,287 cables): the reference load (sqlite-utils + FTS5, no parsing),
## then ingest time, peak RSS and CPU, and search p50/p95 through the library
bench: $(VENV)/.bench-installed
	$(PY) benchmarks/bench_ingest.py --corpus $(FULL) --shared $(SHARED) --baseline $(if $(PG),--pg $(PG))

$(VENV)/.bench-installed: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	touch $@

## bench-web: the same archive over HTTP: /search.json p50/p95, cable pages/s at 16 connections
## (with our asyncio client, and with Debian's wrk when it can be installed)
bench-web: $(VENV)/.installed
	@command -v wrk >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
	  { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; } || true
	$(PY) benchmarks/bench_web.py --db /tmp/cablegate-bench.db

## bench-mirror: the static mirror of the full-scale archive (ingested into /tmp/mirror-full.db
## once): build time, peak RSS, files and bytes, and a second run with nothing changed
bench-mirror: $(VENV)/.installed
	$(PY) benchmarks/bench_mirror.py --db /tmp/mirror-full.db --corpus $(FULL) --shared $(SHARED) --out /tmp/mirror-full-out

sample:
	$(PY) scripts/make_sample.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm $(DB).index
