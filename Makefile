# make site: set up .venv if needed, then build content/ into output/.
# make test: set up .venv with the test extras, then run the whole suite.
# make serve: preview on http://127.0.0.1:8000, rebuilt and reloaded on every save.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test check serve clean

site: $(VENV)/.installed
	$(BIN)/python generate.py build

test: $(VENV)/.installed-test
	$(BIN)/ruff check sitegen tests scripts benchmarks generate.py
	$(BIN)/python -m pytest

check: $(VENV)/.installed
	$(BIN)/python generate.py check

serve: $(VENV)/.installed
	$(BIN)/python generate.py serve

clean:
	rm -rf output

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
