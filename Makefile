# Build, preview and check the site. `make html` and `make test` set everything up on first use.

PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
BUILD      := _build
OUT        := $(BUILD)/html
SPHINXOPTS ?= -q
CHROMIUM   ?= /usr/bin/chromium
export PYTHONPATH := $(CURDIR)/_ext

.PHONY: html serve test lint project bench linkcheck clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

# Strict (-W -n), incremental, into a copy of the last good site that replaces it only on success; one build
# at a time; an interrupted build makes the next one read every page afresh (_ext/scholar/publish.py).
html: $(VENV)/.installed
	@$(BIN)/python -m scholar html $(SPHINXOPTS)

# Live preview on 127.0.0.1:$(PORT or 8000), drafts shown; the server stops with make (_ext/scholar/serve.py).
serve: $(VENV)/.installed
	@exec $(BIN)/python -m scholar serve

test: $(VENV)/.installed node_modules/.installed
	@test -x $(CHROMIUM) || { echo "make test needs Chromium: run 'sudo apt-get install chromium' (or set CHROMIUM=/path/to/chromium)" >&2; exit 1; }
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -q -n auto --dist loadfile

lint: $(VENV)/.installed
	$(BIN)/python -m scholar lint
	$(BIN)/ruff check .

# KEY and SLUG reach the scaffolder in its environment (make exports command-line variables), never through
# the shell: the recipe does not name them.
project: $(VENV)/.installed
	@$(BIN)/python -m scholar project

bench: $(VENV)/.installed node_modules/.installed html
	$(BIN)/python tests/bench/build_speed.py
	CHROME_PATH=$(CHROMIUM) $(BIN)/python tests/bench/lighthouse.py $(OUT)

# Needs internet: checks every outside link of the site.
linkcheck: $(VENV)/.installed
	$(BIN)/sphinx-build -b linkcheck -d $(BUILD)/linkcheck-doctrees -q . $(BUILD)/linkcheck

clean:
	rm -rf $(BUILD)
