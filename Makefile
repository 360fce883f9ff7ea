# The two commands of the README. Both create .venv on first use and install into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint clean browser bench
LINT_NODE := tests/cypher_lint/node_modules/.installed-stamp

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## run: install, start the embedded database, load the bundled dataset, print a summary
run: $(STAMP)
	$(BIN)/scenekg ingest
	$(BIN)/scenekg stats

## test: install, then lint, type-check and run the whole suite against a real embedded server
## and, for the views, a real headless Chromium (Debian packages, installed when missing)
test: $(STAMP) $(LINT_NODE) browser lint
	$(BIN)/pytest

# Neo4j's Cypher front-end (npm, version pinned in package-lock.json) for tests/test_cypher_lint.py.
$(LINT_NODE): tests/cypher_lint/package.json tests/cypher_lint/package-lock.json
	@if ! command -v npm > /dev/null && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			nodejs npm > /dev/null; \
	fi
	cd tests/cypher_lint && npm ci --no-audit --no-fund --loglevel=error
	touch $(LINT_NODE)

# Chromium and a CJK font from Debian for the browser tests; needs root (CI runs as root).
browser:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
				chromium chromium-driver fonts-noto-cjk > /dev/null; \
		else echo "browser tests need: sudo apt-get install chromium chromium-driver fonts-noto-cjk"; fi; \
	fi

## bench: the scale benchmarks (sizes S, M, L, XL) beside LadybugDB and networkx, written to
## docs/benchmarks.md; LadybugDB comes with the bench extra, installed here only
bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench.scale

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info tests/cypher_lint/node_modules
