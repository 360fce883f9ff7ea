# The two commands of the README. Both create .venv on first use and install into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint clean browser bench

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
test: $(STAMP) browser lint
	$(BIN)/pytest

# Chromium and a CJK font from Debian for the browser tests; needs root (CI runs as root).
browser:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
				chromium chromium-driver fonts-noto-cjk > /dev/null; \
		else echo "browser tests need: sudo apt-get install chromium chromium-driver fonts-noto-cjk"; fi; \
	fi

## bench: the scale benchmarks (sizes S, M, L), written to docs/benchmarks.md
bench: $(STAMP)
	$(BIN)/python -m bench.scale

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
