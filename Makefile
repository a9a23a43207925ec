# Every target sets up .venv itself from requirements.txt, and the Debian packages it needs
# (tools/system_packages.sh: as root it installs them with apt, otherwise it prints the command).
# Which target to run when, and how long each takes: CONTRIBUTING.md.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NB     ?= book/*.ipynb
SYSTEM := PYTHON=$(PYTHON) bash tools/system_packages.sh
LINTED := lib tools tests benchmarks book
# the fast tests: everything but the wheel venvs and the nbgrader round trip (the browser
# tests are collected only when asked for by path)
FAST   := -m "not wheel and not nbgrader"

# Strict nbval: every stored output must come back the same (tools/nbval_sanitize.cfg masks
# memory addresses and paths; cells tagged nbval-ignore-output still run their asserts).
NBVAL  := $(BIN)/python -m pytest --nbval-current-env
STRICT := $(NBVAL) --nbval --nbval-sanitize-with tools/nbval_sanitize.cfg
# Another CPU, emulated on x86-64: NumPy held to its baseline SIMD, and OpenBLAS on its
# AVX2 (Haswell) kernels unless the machine already sets OPENBLAS_CORETYPE.
ifeq ($(shell uname -m),x86_64)
OTHER_CPU := NPY_DISABLE_CPU_FEATURES="X86_V3 X86_V4 AVX512_ICL AVX512_SPR"
ifneq ($(shell grep -m1 -ow avx2 /proc/cpuinfo),)
OTHER_CPU += OPENBLAS_CORETYPE=$${OPENBLAS_CORETYPE:-Haswell}
endif
endif

.PHONY: book pdf test robust check lint notebooks student assignments bench clean

$(STAMP): requirements.txt pyproject.toml
	@$(SYSTEM) venv
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@# the distribution was called "backprop" before it became backprop-book: drop the old one
	-$(BIN)/python -m pip uninstall --quiet --yes backprop 2>/dev/null
	touch $(STAMP)

# The build fetches MathJax and the widget renderer with npm (tools/site/, tools/vendor_assets.py).
book: $(STAMP)
	@$(SYSTEM) npm
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "Open the book: file://$(CURDIR)/_build/html/index.html"

# The whole book as one PDF, printed by headless Chromium (tools/make_pdf.py).
pdf: $(STAMP)
	@$(SYSTEM) npm chromium
	$(BIN)/jupyter-book build . --builder singlehtml -W -n --keep-going
	$(BIN)/python -m tools.make_pdf
	@echo "The book as one PDF: $(CURDIR)/_build/pdf/book.pdf"

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)

# The edit-test loop: lint, then the fast tests.
check: lint
	$(BIN)/python -m pytest tests $(FAST)

test: lint
	@$(SYSTEM) npm chromium
	$(BIN)/python -m pytest tests
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(STRICT) $(NB)
	$(MAKE) robust
	$(BIN)/jupyter-book build . -W -n --keep-going
	$(BIN)/jupyter-book build . --builder singlehtml -W -n --keep-going
	$(BIN)/python -m tools.make_pdf
	$(BIN)/python -m pytest tests/browser

# Results that hold on any machine and for any seed (CONTRIBUTING.md, "Reporting experiments"):
# the stored outputs again on an emulated other CPU with 2 BLAS threads, then every notebook
# with the second seed set (backprop.seeds), outputs not compared, every assert on.
robust: $(STAMP)
	$(OTHER_CPU) OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 $(STRICT) $(NB)
	BACKPROP_SEED_SET=2 OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(NBVAL) --nbval-lax $(NB)

notebooks: $(STAMP)
	$(BIN)/python -m tools.run_notebooks $(NB)

student: $(STAMP)
	@$(SYSTEM) npm
	$(BIN)/python -m tools.make_student --out _build/student
	$(BIN)/jupyter-book build _build/student -W -n --keep-going
	@echo "Student notebooks: $(CURDIR)/_build/student/book; book: file://$(CURDIR)/_build/student/_build/html/index.html"

assignments: $(STAMP)
	$(BIN)/python -m tools.make_assignments --out _build/assignments
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
	rm -rf _build _vendor .vendor.lock $(VENV) .pytest_cache .hypothesis .ruff_cache
