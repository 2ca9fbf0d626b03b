# The one way to run things. `make run` serves Modelyard, `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
HOST ?= 127.0.0.1
PORT ?= 8000
export UV_PYTHON_PREFERENCE := system
# Recipes and what they start (the e2e suite spawns `uv run modelyard serve`) find uv even when
# `make uv` just installed it into ~/.local/bin, which a fresh machine's PATH lacks.
export PATH := $(dir $(UV)):$(PATH)

.PHONY: help uv install run dev test lint typecheck test-py test-web web-install web-build chromium bench openapi clean

help:
	@echo "make run    install everything and serve Modelyard on http://$(HOST):$(PORT)"
	@echo "make test   install test dependencies and run lint, types and tests"
	@echo "make lint   ruff, format check and import contracts"
	@echo "make bench  performance and AutoML-quality benchmarks"
	@echo "make dev    serve with auto-reload"

# uv itself comes from PyPI when the machine does not have it yet.
uv:
	@command -v uv >/dev/null 2>&1 || test -x $(UV) || $(PYTHON) -m pip install --quiet --user uv || $(PYTHON) -m pip install --quiet uv

install: uv
	$(UV) sync --frozen

run: install web-build
	$(UV) run modelyard serve --host $(HOST) --port $(PORT)

dev: install
	$(UV) run modelyard serve --host $(HOST) --port $(PORT) --reload

lint: install
	$(UV) run ruff check src tests benchmarks
	$(UV) run ruff format --check src tests benchmarks
	$(UV) run lint-imports

typecheck: install
	$(UV) run mypy

# Two processes on two cores, each about half the time (about 6.5 minutes each here): the engine,
# the exporters and the real-process suites (workers, serving, batch) beside the rest; one
# coverage report over both, gate from pyproject.toml. Rebalance with `pytest --durations=0`.
SPLIT := tests/engine tests/exporters tests/worker tests/predictions tests/monitoring
test-py: install
	rm -f .coverage .coverage.*
	@COVERAGE_FILE=.coverage.split $(UV) run pytest $(SPLIT) \
		--cov --cov-report= --cov-fail-under=0 -p no:cacheprovider > .pytest-split.log 2>&1 & \
	split=$$!; \
	COVERAGE_FILE=.coverage.rest $(UV) run pytest $(addprefix --ignore=,$(SPLIT)) \
		--cov --cov-report= --cov-fail-under=0; rest=$$?; \
	wait $$split; status=$$?; \
	echo "--- $(SPLIT):"; cat .pytest-split.log; \
	test $$rest -eq 0 && test $$status -eq 0
	$(UV) run coverage combine .coverage.split .coverage.rest
	$(UV) run coverage report

test: lint typecheck test-py test-web

# The web app (frontend/): npm packages, a production build served by `modelyard serve`,
# Vitest and Playwright against Debian's Chromium.
web-install:
	@if [ -f frontend/package.json ]; then cd frontend && npm ci --no-audit --no-fund; fi

web-build: web-install
	@if [ -f frontend/package.json ]; then cd frontend && npm run build; fi

chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

test-web: install web-build chromium
	@if [ -f frontend/package.json ]; then cd frontend && npm run check && npm test && npm run e2e; fi

bench: install
	$(UV) run --group bench python benchmarks/api_crud.py
	$(UV) run --group bench python benchmarks/ingest.py
	$(UV) run --group bench python benchmarks/jobs.py
	$(UV) run --group bench python benchmarks/batch.py
	$(UV) run --group bench python benchmarks/serving.py
	$(UV) run --group bench python benchmarks/web_budgets.py
	$(UV) run --group bench python benchmarks/automl/run.py --budget 60

# After changing routes: the committed openapi.json and the web app's generated client.
openapi: install
	$(UV) run modelyard openapi > openapi.json
	@if [ -d frontend/node_modules ]; then cd frontend && npm run gen:api; fi

clean:
	rm -rf .venv .pytest_cache .mypy_cache .ruff_cache .coverage htmlcov
