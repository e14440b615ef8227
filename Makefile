# Two commands set up everything on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
KEHOACH := $(VENV)/bin/kehoach
STAMP := $(VENV)/.installed
# Debian packages the tests need (PostgreSQL's binaries are already on the machine); Playwright drives
# Debian's Chromium, since its own browser download does not work here.
DEB_PACKAGES := libreoffice-writer-nogui poppler-utils fonts-liberation2 chromium
# a command on PATH, or a file the package installs
DEB_CHECKS := soffice pdftoppm /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf chromium

.PHONY: demo serve test lint system-deps venv migration clean bench

BENCH_STAMP := $(VENV)/.installed-bench

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

# Installs the Debian packages when a command is missing and we are root; otherwise says what to install.
system-deps:
	@missing=""; for c in $(DEB_CHECKS); do command -v $$c >/dev/null 2>&1 || test -e $$c || missing="$$missing $$c"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Cài gói Debian còn thiếu ($$missing): $(DEB_PACKAGES)"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEB_PACKAGES)) >/dev/null; \
	  else \
	    echo "Thiếu:$$missing — hãy cài: sudo apt-get install -y $(DEB_PACKAGES)"; \
	  fi; \
	fi

demo: $(STAMP)
	@bash scripts/demo.sh

# The Prefect server and UI (http://127.0.0.1:4200), every deployment, the portal, the mail catcher; Ctrl-C stops all.
serve: $(STAMP)
	$(KEHOACH) serve

# Two pytest workers (this machine has 2 cores; much of a test's time is waiting on Prefect and subprocesses),
# an idle one taking tests from the other's queue (worksteal): 693 tests in 17 minutes beside a benchmark. One
# worker took 11.3 minutes for 538 tests on a quiet machine (CI) but 26-36 minutes under load.
TEST_WORKERS ?= 2
test: $(STAMP) system-deps
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal --durations=15 $(PYTEST_ARGS)

# Each benchmark that exists, at the sizes the README's table gives (QUICK=1: small, to try the machinery); each
# ends with one RESULT line, and the RESULT lines are printed together at the end. Add a benchmark: its name in
# BENCHES, its arguments in BENCH_ARGS_<name> and BENCH_QUICK_<name>.
BENCHES := dispatch intake watch compile
BENCH_ARGS_dispatch := 10000
BENCH_QUICK_dispatch := --quick
BENCH_ARGS_intake := --clients 32 --files 2000
BENCH_QUICK_intake := --clients 8 --files 100
# both backends (its target holds on each): one RESULT line per backend, each naming it
BENCH_ARGS_watch :=
BENCH_QUICK_watch := --quick
BENCH_ARGS_compile := 5000
BENCH_QUICK_compile := 200
BENCH_OUT := var/bench

$(BENCH_STAMP): $(STAMP)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e ".[dev,bench]"
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	@mkdir -p $(BENCH_OUT); rm -f $(BENCH_OUT)/*.log; failed=""; \
	$(foreach b,$(BENCHES),if [ -f bench/$(b).py ]; then \
	  echo "== bench/$(b).py $(if $(QUICK),$(BENCH_QUICK_$(b)),$(BENCH_ARGS_$(b))) (tải máy: $$(cut -d' ' -f1-3 /proc/loadavg))"; \
	  $(PY) -m bench.$(b) $(if $(QUICK),$(BENCH_QUICK_$(b)),$(BENCH_ARGS_$(b))) 2>&1 | tee $(BENCH_OUT)/$(b).log; \
	  test $${PIPESTATUS[0]} = 0 || failed="$$failed $(b)"; \
	else echo "== bench/$(b).py chưa có: bỏ qua"; fi;) \
	echo "== $$(date -Iseconds), tải máy $$(cut -d' ' -f1-3 /proc/loadavg)"; \
	cat $(BENCH_OUT)/*.log 2>/dev/null | grep '^RESULT' || true; \
	if [ -n "$$failed" ]; then echo "Benchmark lỗi:$$failed (xem $(BENCH_OUT)/)"; exit 1; fi

# The floors (import-linter), ruff's rules and ruff's format.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	@! git grep -n -e '# fmt: skip' -e '# fmt: off' -- '*.py' || (echo "Bỏ chú thích fmt: skip/off ở các dòng trên: để ruff format định dạng." && false)

# Regenerate the initial migration from the tables (only while nothing has shipped).
migration: $(STAMP)
	rm -f /tmp/kehoach-migration.db
	$(PY) -c "from models.migrate import autogenerate; autogenerate('sqlite:////tmp/kehoach-migration.db', '$(MSG)', '$(REV)')"

clean:
	rm -rf var tests/output .pytest_cache
