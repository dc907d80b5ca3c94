# Two commands for a new user: `make curate` and `make test` (both set up .venv first).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip -q --disable-pip-version-check
SHARED ?= ../shared
RAW    ?= raw
OUT    ?= curated
BENCH_SIZES ?= 10000
BENCH_ROUNDS ?= 3

.PHONY: curate test train setup setup-test golden bench bench-clean bench-spin bench-dedupe bench-extract bench-html-gold bench-fuzz test-browser report score clean-venv

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# base install: the project and its runtime dependencies, pinned by constraints.txt; WordNet tables for the spin gate
$(VENV)/.installed: pyproject.toml constraints.txt | $(VENV)/bin/python
	$(PIP) install -c constraints.txt -e .
	$(PY) -m pipeline setup-wordnet
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install -c constraints.txt -e '.[test]'
	@touch $@

$(VENV)/.installed-train: $(VENV)/.installed
	$(PIP) install -c constraints.txt -e '.[train]'
	@touch $@

setup: $(VENV)/.installed
setup-test: $(VENV)/.installed-test

curate: $(VENV)/.installed
	$(PY) -m pipeline curate --raw $(RAW) --out $(OUT)

test: $(VENV)/.installed-test
	$(PY) -m pytest -m "not browser"

report: $(VENV)/.installed
	$(PY) -m pipeline report --out $(OUT)

score: curate
	python3 $(SHARED)/tools/score.py --gold $(SHARED)/gold/seeds --curated $(OUT) --per-doc

# rebuild the packaged tagger from ../shared/gold (train + seeds; dev only scored), with 5-fold CV in its manifest
train: $(VENV)/.installed-train
	$(PY) -m pipeline train --gold $(SHARED)/gold/train --gold $(SHARED)/gold/seeds --data $(SHARED)/data \
		--dev $(SHARED)/gold/dev --scorer $(SHARED)/tools/score.py --cv 5

# regenerate the golden files on purpose, then review them as a diff
golden: $(VENV)/.installed-test
	$(PY) -m tests.make_golden

bench: $(VENV)/.installed-test
	$(PY) -m bench.bench --shared $(SHARED) --sizes $(BENCH_SIZES) --rounds $(BENCH_ROUNDS)
	$(PY) -m bench.bench_fuzz --n 1000

# hostile inputs at scale (tests/fuzz.py's generator, seeded): crashed runs and inputs without a row
bench-fuzz: $(VENV)/.installed-test
	$(PY) -m bench.bench_fuzz --n 1000

bench-clean: $(VENV)/.installed
	$(PY) -m bench.bench_clean --shared $(SHARED)

bench-spin: $(VENV)/.installed
	$(PY) -m bench.bench_spin --shared $(SHARED)

bench-dedupe: $(VENV)/.installed
	$(PY) -m bench.bench_dedupe

# the dev articles as HTML pages in a site template, scored against their Markdown originals
bench-html-gold: $(VENV)/.installed
	$(PY) -m bench.bench_html_gold --shared $(SHARED)

bench-extract: $(VENV)/.installed
	$(PY) -m bench.bench_extract --shared $(SHARED)

# Debian's chromium renders the report; installed here when missing and this user may use apt-get
test-browser: $(VENV)/.installed-test
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); } || { echo "test-browser needs Debian's chromium (apt-get install chromium)"; exit 1; }
	$(PY) -m pytest -m browser tests/test_report_browser.py

clean-venv:
	rm -rf $(VENV)
