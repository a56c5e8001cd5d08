# Watthub: the two commands are `make run` and `make test`; everything else they need
# is installed from here, so a fresh clone on a fresh machine works.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
CONFIG ?= config
HOST   ?= 127.0.0.1
PORT   ?= 8123

.PHONY: install install-dev run test pytest lint typecheck bench check-config clean

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

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/watthub run --config $(CONFIG) --host $(HOST) --port $(PORT)

check-config: install
	$(BIN)/watthub check-config --config $(CONFIG)

# The whole gate CI runs: lint, strict types, then every test.
test: install-dev lint typecheck pytest

pytest: install-dev
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check hub components tests bench
	$(BIN)/ruff format --check hub components tests bench

typecheck: install-dev
	$(BIN)/mypy

bench: install-dev
	$(PY) bench/core_bench.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
