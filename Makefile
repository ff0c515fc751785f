# make site: set up .venv if needed, then build content/ into output/.
# make test: set up .venv with the test extras, then lint, format-check, type-check, check the import
#            direction between stages, and run the whole suite (pytest -m 'not browser' skips Chromium).
# make serve: preview on http://127.0.0.1:8000, rebuilt and reloaded on every save.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SOURCES := sitegen tests scripts benchmarks generate.py

.PHONY: site test check serve clean

site: $(VENV)/.installed
	$(BIN)/python generate.py build

test: $(VENV)/.installed-test
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

check: $(VENV)/.installed
	$(BIN)/python generate.py check

serve: $(VENV)/.installed
	$(BIN)/python generate.py serve

clean: $(VENV)/.installed
	$(BIN)/python generate.py clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed
