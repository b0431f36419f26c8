# make demo: the whole system with invented demo data on SQLite (http://127.0.0.1:8000).
# make test: every test (browser tests need Debian's chromium; set DATABASE_URL for PostgreSQL).
VENV := .venv
DATA := $(CURDIR)/var

.PHONY: demo test install lint bench clean

demo: $(VENV)/.installed
	MIXEDFLOWS_DATA_DIR=$${MIXEDFLOWS_DATA_DIR:-$(DATA)/demo} $(VENV)/bin/mixedflows demo

test: $(VENV)/.installed
	MIXEDFLOWS_DATA_DIR=$(DATA)/test DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest $(PYTEST_ARGS)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@PY=$$(scripts/find-python) || exit 1; \
	echo "Using $$PY ($$($$PY --version))"; \
	[ -x $(VENV)/bin/python ] && $(VENV)/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { rm -rf $(VENV); $$PY -m venv $(VENV); }; \
	$(VENV)/bin/pip install -q --upgrade pip && $(VENV)/bin/pip install -q -e '.[dev]' && touch $@

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) $(DATA)
