# Two commands do all the set-up on a new machine (Python 3.11):
#   make book   build the site into _build/html
#   make test   run every test: unit tests, the notebooks (nbval), the strict book build
# Each creates the virtual environment .venv and installs what it needs when missing.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# warnings are errors, nitpicky references, and report every problem in one go
JB_FLAGS := -W -n --keep-going

.PHONY: book test unit notebooks bench clean clean-all

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (book)" >/dev/null
	touch $(STAMP)

## make book: build the website into _build/html (every notebook executed, warnings are errors)
book: $(STAMP)
	rm -rf _build/html _build/.doctrees
	$(BIN)/jupyter-book build . $(JB_FLAGS)

## make test: everything CI checks
test: $(STAMP)
	$(BIN)/python -m pytest tests
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env book
	$(MAKE) book

unit: $(STAMP)
	$(BIN)/python -m pytest tests

notebooks: $(STAMP)
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env book

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_helpers.py

clean:
	rm -rf _build

clean-all: clean
	rm -rf $(VENV)
