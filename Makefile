# Yingji: the two commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
XDIST ?= -n 2
HIDE_PASSWORD = sed -E 's,//([^:/@]*):[^@]*@,//\1:***@,'
PG_SHOWN = $(shell printf '%s' '$(PG_URL)' | $(HIDE_PASSWORD))

.PHONY: demo test fuzz test-sqlite test-postgres browser worker bench migrate run clean lint screenshots

$(STAMP): pyproject.toml
	@PY=$$(scripts/find-python) && echo "using $$PY" && $$PY -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $(STAMP)

venv: $(STAMP)

## make demo: embedded SQLite under var/, the demo county, a task worker, the sweeper, the MQTT ingest with a sensor simulator, the loopback SMS/voice gateway and the web UI on http://127.0.0.1:8000
## (DEBUG off: no technical error pages; uploaded files only through the scoped views, docs/security.md)
demo: $(STAMP)
	@mkdir -p var
	$(BIN)/yingji demo
	$(BIN)/yingji collectstatic --noinput -v 0
	@echo "网页: http://$(HOST):$(PORT)/   API 文档: http://$(HOST):$(PORT)/api/docs/"
	@$(BIN)/yingji worker & WORKER=$$!; $(BIN)/yingji sweeper & SWEEPER=$$!; \
	  $(BIN)/yingji ingest --name ingest-1 & INGEST=$$!; \
	  $(BIN)/yingji loopback-gateway --port 8025 --db var/loopback-gateway.sqlite3 >/dev/null & GATEWAY=$$!; \
	  $(BIN)/yingji simulate-sensors --speed 10 --storm-in 2 >/dev/null & SIMULATOR=$$!; \
	  trap "kill $$WORKER $$SWEEPER $$INGEST $$GATEWAY $$SIMULATOR 2>/dev/null" EXIT INT TERM; \
	  DEBUG=false $(BIN)/yingji runserver $(HOST):$(PORT) --insecure

## make test: the whole suite on SQLite, then on PostgreSQL when one is reachable (required under CI=true); the
## browser tests (layout, pickers, map) run in the SQLite pass only: what a page looks like does not depend on the
## database, and they are the longest tests (PYTEST_ARGS='-m browser' runs them on PostgreSQL too).
## PostgreSQL is probed first, so CI fails at once rather than after the SQLite run; each run ends with pytest's
## summary line. Exit code 5 (no tests collected) is a failure like any other, with the reason spelled out.
test: $(STAMP) browser lint
	@if scripts/pg-ready "$(PG_URL)"; then pg=1; \
	 elif [ "$$CI" = "true" ]; then echo "CI=true 但 PostgreSQL 不可达 ($(PG_SHOWN))：请先启动 PostgreSQL" >&2; exit 1; \
	 else pg=0; echo "PostgreSQL 不可达 ($(PG_SHOWN))，本次只在 SQLite 上测试；需要时设置 PG_URL=postgres://…" >&2; fi; \
	 $(MAKE) --no-print-directory test-sqlite || exit $$?; \
	 if [ $$pg = 1 ]; then $(MAKE) --no-print-directory test-postgres; fi

## make lint: ruff, and the layers contract (pyproject.toml [tool.importlinter]): a new upward import fails the build
lint: $(STAMP)
	$(BIN)/ruff check yingji tests bench conftest.py
	$(BIN)/lint-imports --no-cache

## make fuzz: schemathesis over the whole API schema as a county and an enterprise user, in this process on a test
## database (no network), every operation, up to FUZZ_REQUESTS requests or FUZZ_SECONDS seconds per persona, one
## worker; any 500 or non-JSON answer fails it, naming the request. Figures and failures in var/fuzz-report.txt.
## `make test` runs a small slice of the same test (tests/integration/test_fuzz_api.py).
FUZZ_REQUESTS ?= 10000
FUZZ_SECONDS ?= 280
fuzz: $(STAMP)
	@mkdir -p var
	YINGJI_FUZZ_STRIDE=1 YINGJI_FUZZ_ROUNDS=0 YINGJI_FUZZ_EXAMPLES=12 YINGJI_FUZZ_REQUESTS=$(FUZZ_REQUESTS) \
	  YINGJI_FUZZ_SECONDS=$(FUZZ_SECONDS) YINGJI_FUZZ_REPORT=var/fuzz-report.txt \
	  $(BIN)/pytest -p no:randomly --timeout=1800 -s tests/integration/test_fuzz_api.py

test-sqlite: $(STAMP)
	@echo "== pytest on $$(printf '%s' "$${DATABASE_URL:-SQLite}" | $(HIDE_PASSWORD)) =="
	@$(BIN)/pytest $(XDIST) $(PYTEST_ARGS); rc=$$?; \
	 if [ $$rc = 5 ]; then echo "pytest collected no tests (exit 5): check testpaths and PYTEST_ARGS" >&2; fi; exit $$rc

test-postgres: $(STAMP)
	@echo "== pytest on PostgreSQL ($(PG_SHOWN)) =="
	@DATABASE_URL=$(PG_URL) $(BIN)/pytest $(XDIST) -m "not browser" $(PYTEST_ARGS); rc=$$?; \
	 if [ $$rc = 5 ]; then echo "pytest collected no tests (exit 5): check testpaths and PYTEST_ARGS" >&2; fi; exit $$rc

## Debian's Chromium for the browser tests (Playwright drives it; it downloads no browser of its own), and GNU gettext
## for the translation tests (makemessages)
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "浏览器测试需要 chromium：sudo apt-get install chromium fonts-noto-cjk" >&2; \
	    if [ "$$CI" = "true" ]; then exit 1; fi; fi; \
	fi
	@if ! command -v msgmerge >/dev/null; then \
	  if [ "$$(id -u)" = "0" ]; then echo "installing GNU gettext for the translation tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	  else echo "翻译测试需要 GNU gettext：sudo apt-get install gettext" >&2; fi; \
	fi

## make screenshots: the README's screenshots in docs/screenshots/, taken again; nothing needs to run beforehand. Builds
## a demo county in a temporary data directory, starts the web UI on a free port, photographs every demo account's
## home and the main pages at 1440×900 and 390×844 in headless Chromium (Playwright), stops the server and reduces
## each PNG with pngquant (installed here as root, like chromium). Mostly the demo county's time; docs/ui.md
screenshots: $(STAMP) browser
	@if ! command -v pngquant >/dev/null; then \
	  if [ "$$(id -u)" = "0" ]; then echo "installing pngquant for the screenshots"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pngquant >/dev/null; \
	  else echo "截图压缩需要 pngquant：sudo apt-get install pngquant（没有它截图照常生成，只是文件较大）" >&2; fi; \
	fi
	$(BIN)/python scripts/screenshots

## make worker: the background-job worker (django.tasks, database backend); run one or more, on any machine
worker: $(STAMP)
	$(BIN)/yingji worker

migrate: $(STAMP)
	$(BIN)/yingji migrate

## make bench: benchmarks under bench/, each figure beside a baseline measured in the same run
$(VENV)/.bench-installed: $(STAMP)
	$(BIN)/pip install -q -e '.[test,bench]'
	@touch $@

## make bench: every benchmark beside its baseline (bench/run.py; BENCH_ARGS="--scale 4 --only load" …)
bench: $(VENV)/.bench-installed
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
