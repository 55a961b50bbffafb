# The README's two commands: `make demo` and `make test`.
# Each creates (or reuses) a local virtual environment in .venv first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE_CASE := sample_data/demo_case
DEMO_OUT := demo_output

.PHONY: demo test lint browser-deps clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/workbench triage $(SAMPLE_CASE) --out $(DEMO_OUT)

browser-deps:
	@(command -v chromium && command -v firefox-esr) >/dev/null || bash .ci/install-chromium

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest -n 2 --dist loadgroup

lint: $(STAMP)
	$(BIN)/ruff check workbench tests benchmarks
	$(BIN)/ruff format --check workbench tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(DEMO_OUT) .pytest_cache
