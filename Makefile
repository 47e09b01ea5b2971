# Comptoir: the two commands are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run test lint install install-test messages demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	@mkdir -p var/static
	$(MANAGE) migrate --noinput
	$(MANAGE) compiletranslations
	$(MANAGE) load_demo
	@echo ""
	@echo "Comptoir is served on http://127.0.0.1:$(PORT)/"
	@echo "Demo logins (password: comptoir-demo):"
	@echo "  staff      accueil@demo.comptoir.example"
	@echo "  member     membre@demo.comptoir.example"
	@echo "  superuser  admin@demo.comptoir.example"
	@echo "E-mails and SMS leave through the task queue: a worker (manage.py db_worker) runs beside the"
	@echo "server and stops with it (COMPTOIR_TASKS_BACKEND=immediate: no worker, sent after each request)."
	@echo ""
	@if [ "$${COMPTOIR_TASKS_BACKEND:-database}" = database ]; then \
	  $(MANAGE) db_worker --no-reload --no-startup-delay & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	fi; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

lint: install-test
	$(BIN)/ruff check .

test: install-test
	@mkdir -p var/static
	$(BIN)/ruff check .
	$(BIN)/lint-imports --cache-dir var/import_linter_cache
	$(BIN)/mypy
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) compiletranslations
	$(BIN)/pytest $(PYTEST_ARGS)

# Extract the translatable strings of every app into its own locale/ folder (needs GNU gettext).
messages: install-test
	$(MANAGE) makemessages_apps

demo: install
	$(MANAGE) load_demo

clean:
	rm -rf $(VENV) var/*.sqlite3
