# Every target sets up .venv itself from requirements.txt; nothing else needs installing by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NB     ?= book/*.ipynb

.PHONY: book pdf test notebooks student assignments bench clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

book: $(STAMP)
	$(BIN)/python tools/vendor_assets.py
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "Open the book: file://$(CURDIR)/_build/html/index.html"

# The whole book as one PDF, printed by headless Chromium (Debian: apt-get install chromium).
pdf: $(STAMP)
	$(BIN)/python tools/vendor_assets.py
	$(BIN)/jupyter-book build . --builder singlehtml -W -n --keep-going
	$(BIN)/python tools/make_pdf.py
	@echo "The book as one PDF: $(CURDIR)/_build/pdf/book.pdf"

test: $(STAMP)
	$(BIN)/python -m pytest tests
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 \
	$(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with tools/nbval_sanitize.cfg -p no:randomly $(NB)
	$(BIN)/python tools/vendor_assets.py
	$(BIN)/jupyter-book build . -W -n --keep-going
	$(BIN)/jupyter-book build . --builder singlehtml -W -n --keep-going
	$(BIN)/python tools/make_pdf.py --skip-without-browser
	$(BIN)/python -m pytest -p no:randomly tests/browser

notebooks: $(STAMP)
	$(BIN)/python tools/run_notebooks.py $(NB)

student: $(STAMP)
	$(BIN)/python tools/make_student.py --out _build/student
	$(BIN)/jupyter-book build _build/student -W -n --keep-going
	@echo "Student notebooks: $(CURDIR)/_build/student/book; book: file://$(CURDIR)/_build/student/_build/html/index.html"

assignments: $(STAMP)
	$(BIN)/python tools/make_assignments.py --out _build/assignments
	@echo "nbgrader course: $(CURDIR)/_build/assignments; release notebooks in release/chNN/"

# The references the benchmarks compare with, installed here only. PyPI's torch for Linux x86-64
# brings some 3 GB of CUDA libraries, so there only a CPU-only wheel that pip finds (TORCH_CPU) is
# taken; elsewhere PyPI's torch is CPU-only. Without one, the table says the comparison is unavailable.
TORCH_CPU ?= torch==2.13.0+cpu
# BLAS and torch threads for the benchmarks: one each by default, so that both sides get the
# same and a machine shared with other jobs gives steady figures (make bench BENCH_THREADS=4).
BENCH_THREADS ?= 1
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet "micrograd==0.1.0" threadpoolctl
	$(BIN)/python -m pip install --quiet "$(TORCH_CPU)" 2>/dev/null \
	  || { [ "$$(uname -m)" != x86_64 ] && $(BIN)/python -m pip install --quiet torch; } \
	  || echo "make bench: no CPU-only torch wheel ($(TORCH_CPU)): PyTorch comparison unavailable"
	OPENBLAS_NUM_THREADS=$(BENCH_THREADS) OMP_NUM_THREADS=$(BENCH_THREADS) \
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf _build $(VENV) .pytest_cache .hypothesis
