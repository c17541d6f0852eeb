# `make book` builds the book on the default (stand-in) data; `make test` runs the tests.
# Both create the virtual environment from requirements.txt when it is missing or stale.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
ARGS   ?=

.PHONY: book test bench clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m ipykernel install --sys-prefix --name vecmbook --display-name "Python (vecmbook)" >/dev/null
	$(PY) -c "import site, pathlib; pathlib.Path(site.getsitepackages()[0], 'vecmbook-repo.pth').write_text('$(CURDIR)\n')"
	touch $(STAMP)

book: $(STAMP)
	$(PY) -m vecmbook run $(ARGS)

test: $(STAMP)
	$(PY) -m pytest $(ARGS)

bench: $(STAMP)
	$(PY) -m benchmarks

clean:
	rm -rf _build
