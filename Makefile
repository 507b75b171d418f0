# The two commands of the README: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
UV_VERSION := 0.13.9
UV := python3 -m uv
PYTHON := $(UV) run --frozen python
# Use this machine's Python 3.11; never download an interpreter.
export UV_PYTHON := 3.11
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test lint install docker python-deps uv unit stack-up stack-down docs clean bench bench-endurance chaos

run: install  ## start Kafka, FerretDB, Mailpit and the four services; Ctrl-C (or a closed terminal) stops all
	@# The environment's own interpreter, not `uv run`: the terminal's signals (SIGINT, SIGHUP) reach it directly.
	.venv/bin/python -m infra.run

test: install docker  ## the whole suite on real Kafka and FerretDB (started and stopped by the suite), and the deploy tier on Docker
	$(PYTHON) -m pytest

# The project's Python packages; `tools` holds the exports that read every service.
LINT_PATHS := $(wildcard services shared tools infra bench chaos tests)

lint: python-deps  ## ruff, mypy and the layers check (import-linter's contracts in pyproject.toml); all three run, any finding fails
	@status=0; \
	$(UV) run --frozen ruff check $(LINT_PATHS) || status=1; \
	$(UV) run --frozen mypy $(LINT_PATHS) || status=1; \
	$(UV) run --frozen lint-imports || status=1; \
	exit $$status

install: python-deps  ## and the Kafka jars (Maven) and the FerretDB binary (Go), cached in .cache/, and Chromium (apt)
	$(PYTHON) -m infra.stack prepare
	$(PYTHON) -m infra.browser ensure

docker: python-deps  ## a Docker engine, the compose plugin and the local images (tests/deploy); fails in CI when it cannot, elsewhere the deploy tier is skipped with the reason
	$(PYTHON) -m infra.docker ensure || { [ -z "$$CI" ] && echo "Docker is not available here: the deploy tier will be skipped, with the reason"; }

python-deps: uv
	$(UV) sync --frozen

uv:  ## uv itself, from PyPI, when this machine lacks it
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet "uv==$(UV_VERSION)"

unit: python-deps  ## the tiers that need no Kafka or MongoDB
	$(PYTHON) -m pytest tests/unit tests/contract

stack-up: install
	$(PYTHON) -m infra.stack up

stack-down:
	$(PYTHON) -m infra.stack down

bench: install  ## the benchmark ladder on a Kafka and FerretDB of its own; results in .cache/bench/
	$(PYTHON) -m bench

bench-endurance: install  ## 5k/10k/20k nominations and a 10-minute soak (about 20 min); .cache/bench/endurance-*.json
	$(PYTHON) -m bench.endurance

chaos: install  ## the crash and fault matrix on a Kafka and FerretDB of its own; .cache/chaos/
	$(PYTHON) -m chaos

docs: python-deps  ## regenerate the generated tables (README, docs/configuration.md), .env.example and docs/contract/
	$(PYTHON) -m tools.configuration_docs
	$(PYTHON) -m tools.contract export

clean:  ## stop both local stacks (make run's and the tests' kept one), then forget their data and logs
	$(PYTHON) -m infra.stack down
	LOCAL_STACK_DIR=.cache/test-stack $(PYTHON) -m infra.stack down
	rm -rf .cache/stack .cache/test-stack .cache/logs
