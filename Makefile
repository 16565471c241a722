# The two commands a newcomer needs: `make run` (the demo) and `make test` (everything CI runs).
# The other targets are their parts, for when you want one of them alone.

UV ?= uv
PLEK := $(UV) run plek
# pytest-xdist workers (`auto`: one per core) and extra pytest arguments, e.g. PYTEST_ARGS=tests/api
PYTEST_WORKERS ?= auto
PYTEST_ARGS ?=
SCHEMA := docs/api/openapi.yaml
SCHEMA_ARGS := --validate --fail-on-warn --lang nl
SCHEMA_V2 := docs/api/openapi-v2.yaml
SCHEMA_V2_ARGS := $(SCHEMA_ARGS) --urlconf plek.api.v2.schema_urls --custom-settings plek.api.v2.schema.V2_SETTINGS

.DEFAULT_GOAL := help
.PHONY: help run test deps python-deps messages lint typecheck pytest schema schema-check

help:
	@echo "make run           install, load the demo region and serve on http://127.0.0.1:8000"
	@echo "make test          lint, format check, type check and all tests (SQLite, or DATABASE_URL)"
	@echo "make schema        regenerate $(SCHEMA)"
	@echo "make schema-check  fail when $(SCHEMA) or $(SCHEMA_V2) differs from the generated schema"

run: deps
	$(PLEK) demo

test: deps lint typecheck pytest

deps: python-deps node_modules/.package-lock.json messages

# With their bytecode: where Python may not write it (PYTHONDONTWRITEBYTECODE), every command would
# otherwise compile Django and Celery from source, seconds before any work.
python-deps:
	$(UV) sync --locked --compile-bytecode

# npm writes node_modules/.package-lock.json, so `npm ci` runs again only when the lock changes.
node_modules/.package-lock.json: package-lock.json package.json
	npm ci --no-audit --no-fund

# Compile translations when there are any and gettext is installed (CI installs it).
messages: python-deps
	@if [ -z "$$(find src/plek -name '*.po' -print -quit)" ]; then \
		true; \
	elif command -v msgfmt >/dev/null 2>&1; then \
		cd src/plek && $(PLEK) compilemessages --verbosity 0; \
	else \
		echo "gettext (msgfmt) not found: translations not compiled; install gettext"; \
	fi

lint:
	$(UV) run ruff check .
	$(UV) run ruff format --check .

typecheck:
	$(UV) run mypy

# Exit status 5 means pytest collected no tests: a broken run, never a pass.
pytest:
	@status=0; $(UV) run pytest -n $(PYTEST_WORKERS) -rfEs $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: that is a failure"; fi; \
	exit $$status

schema:
	$(PLEK) spectacular $(SCHEMA_ARGS) --file $(SCHEMA)
	$(PLEK) spectacular $(SCHEMA_V2_ARGS) --file $(SCHEMA_V2)

schema-check:
	@generated=$$(mktemp); status=0; \
	$(PLEK) spectacular $(SCHEMA_ARGS) --file $$generated || status=$$?; \
	if [ $$status -eq 0 ]; then diff -u $(SCHEMA) $$generated || status=$$?; fi; \
	if [ $$status -eq 0 ]; then $(PLEK) spectacular $(SCHEMA_V2_ARGS) --file $$generated || status=$$?; fi; \
	if [ $$status -eq 0 ]; then diff -u $(SCHEMA_V2) $$generated || status=$$?; fi; \
	rm -f $$generated; \
	if [ $$status -ne 0 ]; then echo "$(SCHEMA) is not up to date: run 'make schema'"; fi; \
	exit $$status
