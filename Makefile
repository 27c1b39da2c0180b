# Seuranta: two commands for a newcomer — `make site` and `make test`.
# Both bootstrap .venv with the exact versions in requirements.lock, and
# node_modules with the exact versions in package-lock.json (Vega and Vega-Lite
# draw the charts; axe-core checks accessibility in the tests).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
DATA ?= data
OUT ?= site

.PHONY: install site test test-fast serve validate bench bench-validate bench-charts lint typecheck clean chromium

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

# Everything the commands need, as pinned (the pull-request check installs with this).
install: $(STAMP) $(NODE_STAMP)

site: $(STAMP) $(NODE_STAMP)
	$(BIN)/seuranta build --data $(DATA) --out $(OUT)
	@echo "Katso sivustoa / Se webbplatsen: make serve  ->  http://127.0.0.1:8000/"

validate: $(STAMP)
	$(BIN)/seuranta validate $(DATA)

# Browser tests drive Debian's Chromium; install it when missing (needs root or sudo).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian chromium for the browser tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Vega, Vega-Lite (charts) and axe-core (tests), exactly as pinned in package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

test: $(STAMP) chromium $(NODE_STAMP)
	$(BIN)/python -m pytest

# The edit loop: everything but the tests marked slow (whole-site builds, browser, every chart).
test-fast: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -m "not slow" -q

# Live preview: builds, serves http://127.0.0.1:8000/ and rebuilds on every change (Ctrl-C stops).
serve: $(STAMP) $(NODE_STAMP)
	$(BIN)/seuranta serve --data $(DATA) --out $(OUT)

bench-validate: $(STAMP)
	$(BIN)/python benchmarks/bench_validate.py

bench: $(STAMP) $(NODE_STAMP)
	$(BIN)/python benchmarks/bench_site.py $(BENCH_ARGS)

bench-charts: $(STAMP) $(NODE_STAMP)
	$(BIN)/python benchmarks/bench_charts.py

lint: $(STAMP)
	$(BIN)/ruff check seuranta macros tests benchmarks tools

# mypy, strict, on the core package (settings in pyproject.toml; tests/test_types.py runs it too).
typecheck: $(STAMP)
	$(BIN)/python -m mypy

clean:
	rm -rf $(OUT) .$(OUT).work .$(OUT).old
