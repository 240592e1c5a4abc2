# The two commands a newcomer needs: `make run` and `make test`.
# Each bootstraps what it needs on first use: a pinned uv in .bootstrap/, then .venv from uv.lock.

UV_VERSION := 0.13.8
PYTHON ?= python3
BOOT := .bootstrap
UV := $(BOOT)/bin/uv
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test sync lint format bench

$(UV):
	$(PYTHON) -m venv $(BOOT)
	$(BOOT)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

sync: $(UV)
	$(UV) sync --frozen --quiet

run: sync
	$(UV) run --frozen --no-sync policeai serve --port $(PORT) --load-demo

test: sync
	$(UV) run --frozen --no-sync pytest $(PYTEST_ARGS)

lint: sync
	$(UV) run --frozen --no-sync ruff check .
	$(UV) run --frozen --no-sync ruff format --check .

format: sync
	$(UV) run --frozen --no-sync ruff check --fix .
	$(UV) run --frozen --no-sync ruff format .

bench: sync
	$(UV) run --frozen --no-sync python benchmarks/case_store.py
