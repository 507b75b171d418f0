# The two commands of the README: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
UV_VERSION := 0.13.9
UV := python3 -m uv
PYTHON := $(UV) run --frozen python

.PHONY: run test install uv unit integration stack-up stack-down docs clean

run: install  ## start Kafka, FerretDB, a mail sink and the four services; Ctrl-C stops all
	$(PYTHON) -m infra.run

test: install  ## the whole suite on real Kafka and FerretDB (started and stopped by the suite)
	$(PYTHON) -m pytest

install: uv  ## Python dependencies from the lock file, the Kafka jars and the FerretDB binary
	$(UV) sync --frozen
	$(PYTHON) -m infra.stack prepare

uv:  ## uv itself, from PyPI, when this machine lacks it
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet "uv==$(UV_VERSION)"

unit: install
	$(PYTHON) -m pytest tests/unit tests/contract

integration: install
	$(PYTHON) -m pytest tests/integration tests/e2e

stack-up: install
	$(PYTHON) -m infra.stack up

stack-down:
	$(PYTHON) -m infra.stack down

docs: install  ## regenerate the README configuration table, .env.example and the contract documents
	$(PYTHON) -m shared.configuration_docs
	$(PYTHON) -m shared.contract export

clean: stack-down
	rm -rf .cache/stack .cache/test-stack .cache/mail
