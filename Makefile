# Build, preview and check the site. `make html` and `make test` set everything up on first use.

PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
BUILD      := _build
OUT        := $(BUILD)/html
STAGE      := $(BUILD)/html.staging
DOCTREES   := $(BUILD)/doctrees
STRICT     := -W -n --keep-going
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

# Build into a copy of the last good site and swap it in only on success: a failed build publishes nothing.
# A failed build also forgets the environment, so the next one cannot trust what the failed one read.
html: $(VENV)/.installed
	@rm -rf $(STAGE) && mkdir -p $(BUILD) && if [ -d $(OUT) ]; then cp -a $(OUT) $(STAGE); fi
	@$(BIN)/sphinx-build -b html -d $(DOCTREES) $(STRICT) $(SPHINXOPTS) . $(STAGE) \
		|| { rm -rf $(STAGE) $(DOCTREES)/environment.pickle; echo "Build failed: $(OUT) is unchanged." >&2; exit 1; }
	@rm -rf $(OUT).old && if [ -d $(OUT) ]; then mv $(OUT) $(OUT).old; fi && mv $(STAGE) $(OUT) && rm -rf $(OUT).old
	@echo "Built the site: $(OUT)/index.html"

serve: $(VENV)/.installed
	$(BIN)/sphinx-autobuild -b html -d $(BUILD)/serve-doctrees -n --host 127.0.0.1 --port 8000 \
		--ignore "$(CURDIR)/$(BUILD)/*" . $(BUILD)/serve

test: $(VENV)/.installed node_modules/.installed
	@test -x $(CHROMIUM) || { echo "make test needs Chromium: run 'sudo apt-get install chromium' (or set CHROMIUM=/path/to/chromium)" >&2; exit 1; }
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -q

lint: $(VENV)/.installed
	$(BIN)/python -m scholar.lint
	$(BIN)/ruff check .

project: $(VENV)/.installed
	@test -n "$(KEY)" || { echo "usage: make project KEY=<bibkey> [SLUG=<name>]" >&2; exit 2; }
	@$(BIN)/python -m scholar.scaffold $(KEY) $(if $(SLUG),--slug $(SLUG))

bench: $(VENV)/.installed node_modules/.installed html
	$(BIN)/python tests/bench/build_speed.py
	CHROME_PATH=$(CHROMIUM) $(BIN)/python tests/bench/lighthouse.py $(OUT)

# Needs internet: checks every outside link of the site.
linkcheck: $(VENV)/.installed
	$(BIN)/sphinx-build -b linkcheck -d $(BUILD)/linkcheck-doctrees -q . $(BUILD)/linkcheck

clean:
	rm -rf $(BUILD)
