# One entry point for the common tasks. Only Python 3.11 and make are needed on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install lint format migrations-check e2e clean

demo: install var/secret_key  ## install, migrate SQLite, load demo data, serve on 127.0.0.1:8000
	SECRET_KEY="$$(cat var/secret_key)" $(PY) manage.py migrate --noinput -v0
	SECRET_KEY="$$(cat var/secret_key)" $(PY) manage.py load_demo
	@echo "门户地址 Portal: http://$(HOST):$(PORT)/"
	SECRET_KEY="$$(cat var/secret_key)" $(PY) manage.py runserver $(HOST):$(PORT)

test: install  ## install and run the whole test suite (browser journeys run when chromium is present)
	$(PY) -m pytest -n auto --dist loadfile

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

var/secret_key:
	mkdir -p var
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache
