# Build, preview and check the site. `make html` and `make test` set everything up on first use; every target
# calls the engine's command, `sphinx-scholar`, so a site without this Makefile can do the same.

PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
BUILD      := _build
SPHINXOPTS ?= -q
CHROMIUM   ?= /usr/bin/chromium
ENGINE     := packages/sphinx-scholar
ENGINE_SRC := $(shell find $(ENGINE)/pyproject.toml $(ENGINE)/src/sphinx_scholar/constraints.txt 2>/dev/null)

.PHONY: html serve test lint project post bench linkcheck clean python

# One line saying what to install, before anything else runs.
python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "make needs Python 3.11 or newer as '$(PYTHON)': install it (Debian: apt-get install python3; macOS: brew install python; Windows: use WSL), or run make PYTHON=/path/to/python3.11" >&2; exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { \
	  echo "$(PYTHON) cannot make a virtual environment: install it with 'apt-get install python3-venv' (Debian, Ubuntu)" >&2; exit 1; }

# The pip the engine was tested with, first (the constraints pin it): the one a Python comes with can be years
# old, and took twice as long to pick the site's packages. A failed upgrade leaves no .venv: the next make tries again.
$(VENV)/.installed: requirements.txt $(ENGINE_SRC) | python
	@test -x $(BIN)/python || { $(PYTHON) -m venv $(VENV) && \
	  $(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip \
	    -c $(ENGINE)/src/sphinx_scholar/constraints.txt \
	  || { rm -rf $(VENV); exit 1; }; }
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "make test needs Node.js and npm: apt-get install nodejs npm (macOS: brew install node)" >&2; exit 1; }
	npm ci --silent --no-audit --no-fund
	@touch $@

# Strict (-W -n), incremental, into _build/html.work, published whole as _build/html only on success (files it
# did not change are hard links); nothing at all when nothing changed; one build at a time. SPHINXOPTS takes
# -q, -j N, -D setting=value and -t tag.
html: $(VENV)/.installed
	@$(BIN)/sphinx-scholar html $(SPHINXOPTS)

# Live preview on 127.0.0.1:$(PORT or 8000), drafts shown; the server stops with make.
serve: $(VENV)/.installed
	@exec $(BIN)/sphinx-scholar serve

# The engine's tests, then this site's; each prerequisite missing is one line.
test: $(VENV)/.installed-test node_modules/.installed
	@test -x $(CHROMIUM) || { echo "make test needs Chromium: run 'apt-get install chromium' (macOS: brew install --cask chromium), or set CHROMIUM=/path/to/chromium" >&2; exit 1; }
	@command -v java >/dev/null || { echo "make test needs Java for the HTML checker: run 'apt-get install default-jre-headless' (macOS: brew install openjdk)" >&2; exit 1; }
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -q -n auto --dist loadfile --no-loadscope-reorder $(ENGINE)/tests tests

lint: $(VENV)/.installed-test
	$(BIN)/sphinx-scholar lint
	$(BIN)/ruff check .

# KEY and SLUG reach the scaffolder in its environment (make exports command-line variables), never through
# the shell: the recipe does not name them.
project: $(VENV)/.installed
	@$(BIN)/sphinx-scholar project

# TITLE reaches the command in its environment, never through the shell.
post: $(VENV)/.installed
	@$(BIN)/sphinx-scholar post

bench: $(VENV)/.installed-test node_modules/.installed html
	$(BIN)/python tests/bench/build_speed.py
	$(BIN)/python tests/bench/build_speed.py --entries 20000 --without-pdf
	CHROMIUM=$(CHROMIUM) $(BIN)/python tests/bench/serve_speed.py
	CHROMIUM=$(CHROMIUM) $(BIN)/python tests/bench/serve_speed.py --entries 4000
	CHROMIUM=$(CHROMIUM) $(BIN)/python tests/bench/test_time.py
	CHROME_PATH=$(CHROMIUM) $(BIN)/python tests/bench/lighthouse.py $(BUILD)/html

# Needs internet: checks every outside link of the site.
linkcheck: $(VENV)/.installed
	$(BIN)/sphinx-build -b linkcheck -d $(BUILD)/linkcheck-doctrees -q . $(BUILD)/linkcheck

clean:
	rm -rf $(BUILD)
