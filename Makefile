# Watthub: the two commands are `make run` and `make test`; everything else they need
# is installed from here, so a fresh clone on a fresh machine works.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
CONFIG ?= config
HOST   ?= 127.0.0.1
PORT   ?= 8123

.PHONY: install install-dev install-js node run test pytest lint typecheck bench bench-api check-config clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Runtime install (editable); re-run when the project metadata changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --config-settings editable_mode=compat -e .
	touch $@

# Development install: test, lint and type-check tools on top of the runtime.
$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet --config-settings editable_mode=compat -e '.[dev]'
	touch $@

# Node.js packages of the client tests (tests/js: the real home-assistant-js-websocket).
# `npm ci` runs only when the lock file (or package.json) is newer than the last install,
# so a re-run needs no network.
JS_DIR       := tests/js
JS_INSTALLED := $(JS_DIR)/node_modules/.installed
SUDO         := $(if $(filter 0,$(shell id -u)),,sudo)

$(JS_INSTALLED): $(JS_DIR)/package.json $(JS_DIR)/package-lock.json | node
	cd $(JS_DIR) && npm ci --prefer-offline --no-audit --no-fund --loglevel=error
	@touch $@

# Debian's nodejs and npm, only when node or npm is missing.
node:
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { \
		echo "Installing nodejs and npm with apt-get"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null; }

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

install-js: $(JS_INSTALLED)

run: install
	$(BIN)/watthub run --config $(CONFIG) --host $(HOST) --port $(PORT)

check-config: install
	$(BIN)/watthub check-config --config $(CONFIG)

# The whole gate CI runs: lint, strict types, then every test.
test: install-dev lint typecheck pytest

pytest: install-dev install-js
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check hub components tests bench
	$(BIN)/ruff format --check hub components tests bench

typecheck: install-dev
	$(BIN)/mypy

bench: install-dev
	$(PY) bench/core_bench.py

bench-api: install-dev
	$(PY) bench/api_bench.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache $(JS_DIR)/node_modules
