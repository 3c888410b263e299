# The two commands: `make run` (demo portal on SQLite) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install system-deps messages lint check-deploy prod-smoke bench clean

$(STAMP): requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.8
	$(VENV)/bin/uv pip sync --quiet --python $(PY) requirements.lock
	touch $(STAMP)

install: system-deps $(STAMP)

system-deps:
	./scripts/system-deps.sh

messages: $(STAMP)
	@if ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1; then $(PY) manage.py compilemessages --ignore=.venv -v 0; fi

run: install messages
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_reference_data
	$(PY) manage.py load_report_forms
	$(PY) manage.py load_demo_data
	@echo "Portal: http://$(HOST):$(PORT)/   Admin: http://$(HOST):$(PORT)/admin/   API: http://$(HOST):$(PORT)/api/v1/docs/"
	@echo "A background worker (db_worker) runs beside the server for PDF builds and reminders."
	$(PY) manage.py db_worker --queue-name '*' -v 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install messages
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run -v 0

check-deploy: $(STAMP)
	DJANGO_SETTINGS_MODULE=secretariat.settings.prod SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	ALLOWED_HOSTS=portal.example.org DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} \
	$(PY) manage.py check --deploy --fail-level WARNING

# The README's production steps on this machine (PostgreSQL, Redis, gunicorn, the RQ worker), checked over HTTP.
prod-smoke: $(STAMP)
	./scripts/prod-smoke.sh

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
