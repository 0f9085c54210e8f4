# Two commands do all the set-up on a new machine (Debian/Ubuntu, Python 3.11):
#   make book   build the website into _build/html (works offline: no CDN, no web fonts)
#   make test   run every test: unit tests, the notebooks (nbval), the strict book build, the browser tests
# Each creates the virtual environment .venv and installs what it needs when missing: the pinned Python
# packages (requirements.txt), KaTeX (npm ci, package-lock.json; it typesets the math at build time), and, with apt, Chromium for the browser
# tests and npm when they are missing (as root, or through sudo).

PYTHON   ?= python3
VENV     ?= .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
# npm ci writes node_modules/.package-lock.json: it is newer than package-lock.json once KaTeX is installed
NPM_STAMP := node_modules/.package-lock.json
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM
# the copy of the source article (not in the repository: not ours to publish) that the quote checks read; where the
# project keeps it beside the repository, or on its machines (helpers.claims.article_copy_path also looks upward)
ARTICLE_COPY ?= $(abspath $(firstword $(wildcard ../shared/source/article-copy.md /work/shared/source/article-copy.md)))
export ARTICLE_COPY
SUDO     := $(if $(filter 0,$(shell id -u)),,sudo)
APT      := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -qq -o=Dpkg::Use-Pty=0
# warnings are errors, nitpicky references, and report every problem in one go
JB_FLAGS := -W -n --keep-going
# pytest-playwright, if present, would replace the `browser` fixture of tests/browser/conftest.py
BROWSER_RUN    := $(BIN)/python -m pytest -p no:playwright
BROWSER_PYTEST := $(BROWSER_RUN) tests/browser

.PHONY: book test chapter unit notebooks browser system bench bench-build clean clean-all reader lab notebook classroom move-repository

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" >/dev/null
	touch $(STAMP)

## system: Chromium (browser tests) and npm (KaTeX), from apt, only when missing
system:
	@if [ ! -x $(CHROMIUM) ] || ! command -v npm >/dev/null; then \
	  echo "installing with apt: chromium npm (only the missing ones)"; \
	  $(APT) update && \
	  $(APT) install -y --no-upgrade $$( [ -x $(CHROMIUM) ] || echo chromium ) $$( command -v npm >/dev/null || echo npm ) >/dev/null; \
	fi

$(NPM_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || $(MAKE) --no-print-directory system
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

## make book: build the website into _build/html (warnings are errors). Each chapter is executed once per change
## of its code or of helpers/ and its outputs reused (tools/execution_cache.py, _build/.jupyter_cache); Sphinx
## rebuilds only the pages whose source changed. A failed build forgets Sphinx's saved state, so the next one
## reads every page again and reports every warning.
book: $(STAMP) $(NPM_STAMP)
	$(BIN)/python tools/execution_cache.py prepare
	$(BIN)/jupyter-book build . $(JB_FLAGS) || { rm -rf _build/.doctrees; exit 1; }

## make test: everything CI checks, JOBS at a time (default 3 on the 2-core reference machine: the browser tests
## mostly wait for pages and kernels, so they run in several processes), each started as soon as its inputs exist:
##   the unit tests, then every notebook under nbval          the strict build (make book), then:
##     the reading times (they count what the build glued)
##     the site in Chromium, in three runs (pages; interactive figures and quick checks; every page at three widths)
##     the reader notebooks, then JupyterLab and Notebook 7
##     the classroom kit, then its tests, then the teachers' page that links it
## The chapters are executed twice in all: by nbval, and once for the site and the reader notebooks together.
JOBS ?= 3
test: $(STAMP) $(NPM_STAMP) system
	$(MAKE) --no-print-directory -j$(JOBS) --output-sync=target _test

SITE_TESTS    := tests/browser/test_site.py tests/browser/test_outputs.py
FIGURE_TESTS  := tests/browser/test_explorers_browser.py tests/browser/test_quiz_browser.py
.PHONY: _test _checks _book _reader _classroom _classroom-tests _browser-site _browser-figures _browser-reader \
        _browser-lab _browser-kit _reading-times
_test: _checks _reading-times _browser-site _browser-figures _browser-reader _browser-lab _classroom-tests _browser-kit
_checks:
	$(BIN)/python -m pytest tests --ignore=tests/browser --ignore=tests/test_classroom.py --ignore=tests/test_reading_time.py -q
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env -q book
_book:
	$(MAKE) --no-print-directory book
## the reading times count the lines of each derivation the build glued (_build/jupyter_execute)
_reading-times: _book
	$(BIN)/python -m pytest tests/test_reading_time.py -q
_reader: _book
	$(BIN)/python lab/build_reader_notebooks.py --out $(READER)
_classroom: _book
	$(BIN)/python -m classroom.build
_classroom-tests: _classroom
	CLASSROOM_BUILT=1 $(BIN)/python -m pytest tests/test_classroom.py -q
_browser-site: _book
	$(BROWSER_RUN) $(SITE_TESTS) -k "not teachers" -q
_browser-figures: _book _reader
	$(BROWSER_RUN) $(FIGURE_TESTS) -q
_browser-reader: _book
	$(BROWSER_RUN) tests/browser/test_reader_view.py -k "not teachers" -q
_browser-lab: _reader
	$(BROWSER_RUN) tests/browser/test_lab.py -q
_browser-kit: _classroom _browser-site _browser-reader
	$(BROWSER_RUN) $(SITE_TESTS) tests/browser/test_reader_view.py -k teachers -q

## make classroom: the classroom kit into _build/classroom (classroom/build.py: student notebooks, answer key,
## autograder, PDF handouts and book.pdf) and its downloads into _build/html/classroom; builds the site first if
## it is missing (the PDFs are printed from it by Debian's Chromium)
classroom: $(STAMP) system
	test -f _build/html/index.html || $(MAKE) book
	$(BIN)/python -m classroom.build

unit: $(STAMP)
	$(BIN)/python -m pytest tests --ignore=tests/browser

notebooks: $(STAMP)
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env book

## make browser: the browser tests of the site already built in _build/html (make book), and of the reader
## notebooks in JupyterLab and Notebook 7 (make reader)
browser: $(STAMP) system reader
	$(BROWSER_PYTEST)

## make reader: the chapters as a student reads them in Jupyter (glue values filled in, MyST that
## jupyterlab-myst renders, solutions folded), executed and generated into $(READER) (git-ignored)
READER    := _build/reader
WORKSPACE ?= workspace
reader: $(STAMP)
	$(BIN)/python lab/build_reader_notebooks.py --out $(READER)

## make lab: copy the reader notebooks you do not have yet into $(WORKSPACE)/ (git-ignored; your edits there are
## never overwritten: delete a file to get a fresh copy) and open JupyterLab on them
lab: reader
	$(BIN)/python lab/workspace.py $(READER) $(WORKSPACE)
	$(BIN)/jupyter lab --ServerApp.root_dir=$(WORKSPACE) $(LAB_FLAGS)

## make notebook: the same, in Jupyter Notebook 7
notebook: reader
	$(BIN)/python lab/workspace.py $(READER) $(WORKSPACE)
	$(BIN)/jupyter notebook --ServerApp.root_dir=$(WORKSPACE) $(LAB_FLAGS)

## make chapter NAME=11_l2_penalty TITLE="An L2 penalty": a new chapter of Part 2, a working notebook to rewrite,
## registered in _toc.yml, the front page's list, the teachers' page, CHANGELOG.md and CONTRIBUTING.md's module map
## (tools/new_chapter.py; the tests that check each registration say what to write where)
chapter: $(STAMP)
	@test -n "$(NAME)" -a -n "$(TITLE)" || { echo 'usage: make chapter NAME=NN_topic TITLE="The title"'; exit 2; }
	$(BIN)/python tools/new_chapter.py "$(NAME)" "$(TITLE)"

## make move-repository URL=https://github.com/OWNER/NAME: the book's new address in every file that names it
## (_config.yml's repository.url is the one you would otherwise edit; tools/move_repository.py)
move-repository: $(STAMP)
	@test -n "$(URL)" || { echo "usage: make move-repository URL=https://github.com/OWNER/NAME"; exit 2; }
	$(BIN)/python tools/move_repository.py "$(URL)"

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_helpers.py

## make bench-build: a clean build's total time and each notebook's execution time
bench-build: $(STAMP) $(NPM_STAMP)
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf _build

clean-all: clean
	rm -rf $(VENV) node_modules
