# Every target sets up .venv itself from requirements.txt; nothing else needs installing by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NB     ?= book/*.ipynb

# Strict nbval: every stored output must come back the same (tools/nbval_sanitize.cfg masks
# memory addresses and paths; cells tagged nbval-ignore-output still run their asserts).
NBVAL  := $(BIN)/python -m pytest -p no:randomly --nbval-current-env
STRICT := $(NBVAL) --nbval --nbval-sanitize-with tools/nbval_sanitize.cfg
# Another CPU, emulated on x86-64: NumPy held to its baseline SIMD, and OpenBLAS on its
# AVX2 (Haswell) kernels unless the machine already sets OPENBLAS_CORETYPE.
ifeq ($(shell uname -m),x86_64)
OTHER_CPU := NPY_DISABLE_CPU_FEATURES="X86_V3 X86_V4 AVX512_ICL AVX512_SPR"
ifneq ($(shell grep -m1 -ow avx2 /proc/cpuinfo),)
OTHER_CPU += OPENBLAS_CORETYPE=$${OPENBLAS_CORETYPE:-Haswell}
endif
endif

.PHONY: book pdf test robust notebooks student assignments bench clean

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
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(STRICT) $(NB)
	$(MAKE) robust
	$(BIN)/python tools/vendor_assets.py
	$(BIN)/jupyter-book build . -W -n --keep-going
	$(BIN)/jupyter-book build . --builder singlehtml -W -n --keep-going
	$(BIN)/python tools/make_pdf.py --skip-without-browser
	$(BIN)/python -m pytest -p no:randomly tests/browser

# Results that hold on any machine and for any seed (DESIGN, "Reporting experiments"):
# the stored outputs again on an emulated other CPU with 2 BLAS threads, then every notebook
# with the second seed set (backprop.seeds), outputs not compared, every assert on.
robust: $(STAMP)
	$(OTHER_CPU) OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 $(STRICT) $(NB)
	BACKPROP_SEED_SET=2 OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(NBVAL) --nbval-lax $(NB)

notebooks: $(STAMP)
	$(BIN)/python tools/run_notebooks.py $(NB)

student: $(STAMP)
	$(BIN)/python tools/make_student.py --out _build/student
	$(BIN)/jupyter-book build _build/student -W -n --keep-going
	@echo "Student notebooks: $(CURDIR)/_build/student/book; book: file://$(CURDIR)/_build/student/_build/html/index.html"

assignments: $(STAMP)
	$(BIN)/python tools/make_assignments.py --out _build/assignments
	@echo "nbgrader course: $(CURDIR)/_build/assignments; release notebooks in release/chNN/"

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet "micrograd==0.1.0"
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf _build $(VENV) .pytest_cache .hypothesis
