# Two commands on a fresh machine: `make report` and `make test` (see README.md).
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
CORPUS ?= seeds
OUT    ?= reports
BENCH_SIZES ?= 1000,10000,100000

.PHONY: setup report test lab bench lint clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) -m ipykernel install --sys-prefix --name newsprism --display-name "Python (newsprism)" >/dev/null
	touch $(STAMP)

report: $(STAMP)
	$(VENV)/bin/newsprism report --corpus $(CORPUS) --out $(OUT)

test: $(STAMP)
	$(VENV)/bin/ruff check lib tests notebooks benchmarks
	$(VENV)/bin/pytest

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks

bench: $(STAMP)
	BENCH_SIZES=$(BENCH_SIZES) $(PY) benchmarks/run_bench.py --out $(OUT)

lint: $(STAMP)
	$(VENV)/bin/ruff check lib tests notebooks benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
