# The one test command (README, .ci/run): creates the environment from the lock file, then runs
# lint, types and every test. Needs python3 (3.11-3.13); installs uv with pip if it is missing.
UV_VERSION := 0.13.8
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := python3 -m uv
endif

.PHONY: test env lint types bench run-all

test: env lint types
	.venv/bin/python -m pytest

env:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet "uv==$(UV_VERSION)"
	$(UV) sync --frozen --quiet

lint:
	.venv/bin/ruff check .
	.venv/bin/lint-imports --no-cache

types:
	.venv/bin/mypy shared services

bench:
	.venv/bin/python benchmarks/ingress.py

run-all:
	.venv/bin/python -m services all
