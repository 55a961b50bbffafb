# The README's two commands: `make demo` and `make test`.
# Each creates (or reuses) a local virtual environment in .venv first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE_CASE := sample_data/demo_case
DEMO_OUT := demo_output

.PHONY: demo test lint screenshots system-deps clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,spark]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/workbench triage $(SAMPLE_CASE) --out $(DEMO_OUT)

system-deps:
	@(command -v chromium && command -v firefox-esr && command -v java) >/dev/null \
		|| bash .ci/install-system-packages

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -n 2 --dist loadgroup

# Refresh the screenshots of the README and docs/notebooks.md (the report and the explorer).
screenshots: $(STAMP) system-deps
	WORKBENCH_REFRESH_DOCS=1 $(BIN)/python -m pytest -m browser \
		tests/browser/test_explorer_lab.py tests/browser/test_report_triage.py

lint: $(STAMP)
	$(BIN)/ruff check workbench tests benchmarks
	$(BIN)/ruff format --check workbench tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(DEMO_OUT) .pytest_cache
