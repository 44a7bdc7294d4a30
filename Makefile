# The course's two commands: `make` builds everything and grades the samples; `make test`
# runs the whole test suite. Both create the virtual environment when it is missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
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
	@# byte-compile on every core (pip does it on one: 45 s of the 70 s install here): where
	@# PYTHONDONTWRITEBYTECODE is set, nothing would ever cache it, and every process of a
	@# run would compile what it imports again. torch ships one file in Python 3.12 syntax
	@# that neither compiles, so failures are not fatal
	$(PY) -m compileall -q -j 0 $(VENV)/lib > /dev/null || true
	$(PY) -m pip uninstall --quiet --yes nnkit
	$(PY) -m pip install --quiet --no-deps -e .
	ln -sf $(CURDIR)/bin/nnkit-grade $(CURDIR)/bin/nnkit-batch $(VENV)/bin/
	touch $@

# Build the student release, the Gradescope zips and the executed instructor notebooks,
# then grade the bundled sample submissions and print the score table.
course: $(STAMP) bytecode
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

test: $(STAMP) bytecode
	$(PY) -m pytest -n 2 --dist worksteal -q --durations=10

# The course's own code, compiled once per change: with PYTHONDONTWRITEBYTECODE set (as on
# machines that keep checkouts clean) each of the hundreds of processes a run starts (the
# runner per grading, notebook kernels, otter) would compile it again, 0.4 s each.
.PHONY: bytecode
bytecode: $(STAMP)
	$(PY) -m compileall -q -j 0 nnkit autograder tests solutions > /dev/null

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
