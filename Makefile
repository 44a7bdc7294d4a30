# The course's two commands: `make` builds everything and grades the samples; `make test`
# runs the whole test suite. Both create the virtual environment when it is missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# What a submission's code may import when graded (numpy, scipy and torch for the course;
# plotting or scikit-learn left in a module) with what they import themselves.
SANDBOX_IMPORTS := numpy scipy torch torchgen matplotlib sklearn mlxtend tqdm dill \
  typing_extensions.py
export PYTHONPATH := $(CURDIR)
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: all course release zips handouts wheel notebooks samples test lint bench grade-batch clean

all: course

# The course library is installed editable as the distribution "nnkit-course" (import
# nnkit); a venv made when it was called "nnkit" drops that name first.
$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --no-compile -r requirements.txt
	@# Byte-compile, on every core, what a sandboxed grading may import: it cannot write
	@# bytecode, so it would compile these again in every grading. The rest (two thirds of
	@# the files, most never imported) compiles on first import by the course's own processes.
	@# torch ships one file in Python 3.12 syntax that neither compiles: failures are not fatal.
	site=$$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'); \
	  $(PY) -m compileall -q -j 0 $(addprefix $$site/,$(SANDBOX_IMPORTS)) > /dev/null || true
	$(PY) -m pip uninstall --quiet --yes nnkit
	$(PY) -m pip install --quiet --no-deps -e .
	ln -sf $(CURDIR)/bin/nnkit-grade $(CURDIR)/bin/nnkit-batch $(VENV)/bin/
	touch $@

# Build the student release, the Gradescope zips and the executed instructor notebooks,
# then grade the bundled sample submissions and print the score table.
course: $(STAMP)
	$(PY) -m autograder.course

release: $(STAMP)
	$(PY) -m autograder.build release

zips: $(STAMP)
	$(PY) -m autograder.build zips

# What students receive: dist/student/<assignment>.zip and the course library's wheel.
handouts: $(STAMP)
	$(PY) -m autograder.build handouts

wheel: $(STAMP)
	$(PY) -m autograder.build wheel

# docs/index.md: every question's topic, graded functions, cases, points and bank entries.
.PHONY: index
index: $(STAMP)
	$(PY) -m autograder.index

test: $(STAMP)
	$(PY) -m pytest -n 2 --dist worksteal -q --durations=10

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check nnkit autograder tests benchmarks solutions

# Speed as ratios against PyTorch or a peer library (gensim), each next to its goal from
# benchmarks/goals.py (MET / NOT MET), and batch throughput, on this machine, in one run each.
bench: $(STAMP)
	$(PY) benchmarks/bench_mlp.py
	$(PY) benchmarks/bench_conv.py --threads 1 --profile
	$(PY) benchmarks/bench_rnn.py --threads 1
	$(PY) benchmarks/bench_word2vec.py
	$(PY) benchmarks/bench_batch.py -n 12 -j 2

# Grade a class: make grade-batch ASSIGNMENT=a1_perceptron SUBMISSIONS=export.zip OUT=graded
# CLUSTER=local (the default: a Dask LocalCluster of JOBS processes), none (threads, no Dask) or
# slurm|pbs|sge|lsf|htcondor with CLUSTER_CONFIG=cluster.yml (docs/cluster.md); JOBS=2.
CLUSTER ?=
JOBS ?= 2
CLUSTER_CONFIG ?=
grade-batch: $(STAMP)
	$(PY) -m autograder.batch --assignment $(ASSIGNMENT) --out $(OUT) -j $(JOBS) \
		$(if $(CLUSTER),--cluster $(CLUSTER)) $(if $(CLUSTER_CONFIG),--cluster-config $(CLUSTER_CONFIG)) $(SUBMISSIONS)

clean:
	rm -rf dist
