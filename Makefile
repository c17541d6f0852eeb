# `make book` builds the book on the default (stand-in) data; `make test` lints (ruff) and runs the tests.
# Both create the virtual environment when it is missing or stale: the pinned requirements.txt
# under the full lock constraints.txt, and this package installed editable (PEP 660); `make test`
# adds requirements-test.txt (Dask, for the grid's distributed backend).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
ARGS   ?=

.PHONY: book test bench clean

$(STAMP): requirements.txt constraints.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --editable .
	$(PY) -m ipykernel install --sys-prefix --name vecmbook --display-name "Python (vecmbook)" >/dev/null
	touch $(STAMP)

# the tests' extras (Dask for the grid's --backend dask), pinned in requirements-test.txt
$(TEST_STAMP): $(STAMP) requirements-test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt -c constraints.txt
	touch $(TEST_STAMP)

book: $(STAMP)
	$(PY) -m vecmbook run $(ARGS)

test: $(TEST_STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest $(ARGS)

bench: $(STAMP)
	$(PY) -m benchmarks

clean:  # the default build and the run's cache (.cache/, or $$VECMBOOK_CACHE)
	rm -rf _build
	if [ -x $(PY) ]; then $(PY) -c 'from vecmbook.pipeline import cache; cache.clear()'; else rm -rf .cache; fi
