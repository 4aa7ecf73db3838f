# The one test command (README, .ci/run): creates the environment from the lock file, then runs
# lint, types and every test. Needs python3 (3.11-3.13); installs uv with pip if it is missing.
UV ?= $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
UV_VERSION := 0.13.8

.PHONY: test env lint types unit-tests bench run-all

test: env lint types
	.venv/bin/python -m pytest

env:
	@command -v uv >/dev/null 2>&1 || [ -x "$(UV)" ] || python3 -m pip install --quiet --user "uv==$(UV_VERSION)"
	$(UV) sync --frozen --quiet

lint:
	.venv/bin/ruff check .

types:
	.venv/bin/mypy shared services

bench:
	.venv/bin/python benchmarks/ingress.py

run-all:
	.venv/bin/python -m services all
