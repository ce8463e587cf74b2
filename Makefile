# LeFlux — `make demo` serves the demo at http://127.0.0.1:8000, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
EMBED := src/leflux/static/embed.js
WIDGET_SRC := $(shell find widget/src widget/test/harness.ts tests/e2e/pages/react tests/e2e/pages/todo -type f -not -name "*bundle.js*" 2>/dev/null) widget/package.json widget/package-lock.json widget/build.mjs

.PHONY: setup embed schema test test-fast demo eval bench bench-deps soak lint clean

setup: $(VENV)/.installed $(EMBED)

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e ".[dev,postgres,redis,openai,anthropic,eval,demo]"
	touch $@

widget/node_modules/.installed: widget/package.json widget/package-lock.json
	cd widget && (npm ci --no-audit --no-fund || npm install --no-audit --no-fund)
	touch $@

$(EMBED): widget/node_modules/.installed $(WIDGET_SRC)
	cd widget && npm run --silent build

embed: $(EMBED)

# The wire contract after a change to src/leflux/protocol/: the JSON Schema, then the
# embed's TypeScript types generated from it (both checked in; tests fail on drift).
schema: setup
	$(VENV)/bin/leflux schema
	cd widget && npm run --silent protocol

test: setup
	cd widget && npm run --silent test
	$(PY) -m pytest -q -p no:cacheprovider

test-fast: setup
	$(PY) -m pytest -q -p no:cacheprovider -m "not browser"

demo: setup
	$(VENV)/bin/leflux demo --port 8000

# The agent measured on the evals/ corpus and the demo shop's tasks (figures in
# evals/results/latest.md). EVAL_ARGS go to leflux eval, e.g. EVAL_ARGS="-k todo".
# Three browsers overlap a busy 2-core machine's waits best (36 tasks: 2 browsers
# 111 s, 3 72 s, 4 97 s).
EVAL_WORKERS ?= 3
eval: setup
	$(PY) evals/run.py --workers $(EVAL_WORKERS) $(EVAL_ARGS)

# The bench's Node parts, from their lockfiles: the load generator (bench/) and the Node
# build it is compared with (bench/node: socket.io and better-sqlite3, which is compiled
# from source against the system's Node headers; no prebuilt binary is fetched). The
# native module is loaded once to check it built.
NODE_HEADERS := $(if $(wildcard /usr/include/node/common.gypi),npm_config_nodedir=/usr)
bench/node_modules/.installed: bench/package.json bench/package-lock.json
	cd bench && (npm ci --no-audit --no-fund || npm install --no-audit --no-fund)
	touch $@

bench/node/node_modules/.installed: bench/node/package.json bench/node/package-lock.json
	cd bench/node && export npm_config_build_from_source=true $(NODE_HEADERS) && \
	  (npm ci --no-audit --no-fund || npm install --no-audit --no-fund) && \
	  (node -e "new (require('better-sqlite3'))(':memory:').close()" || npm rebuild better-sqlite3) && \
	  node -e "new (require('better-sqlite3'))(':memory:').close()"
	touch $@

bench-deps: bench/node_modules/.installed bench/node/node_modules/.installed

bench: setup bench-deps
	$(PY) -m bench

soak: setup bench/node_modules/.installed
	$(PY) -m bench.soak

# ruff (complexity and function size included, pyproject.toml), mypy, and the embed's tsc.
lint: setup
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy
	cd widget && npm run --silent typecheck

clean:
	rm -rf $(VENV) widget/node_modules widget/dist $(EMBED) $(EMBED).gz $(EMBED).br src/leflux/static/embed.manifest.json
