# Two commands: `make run` and `make test`. Both start from a machine that has only Python 3.11 and npm.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test install install-dev lint messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

# Front-end packages (package.json: the ALTCHA widget), served from our own static files; never committed.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

install: $(VENV)/.installed node_modules/.package-lock.json
install-dev: $(VENV)/.installed-dev node_modules/.package-lock.json

# Serve the portal at http://127.0.0.1:$(PORT) (`make run PORT=8001`; 8000 by default) on SQLite, tasks in-process: seed_demo runs load_reference and
# load_content (what production runs), then adds the demo accounts and records.
run: install
	env -u DATABASE_URL -u REDIS_URL $(BIN)/python manage.py migrate --noinput
	env -u DATABASE_URL -u REDIS_URL $(BIN)/python manage.py seed_demo
	env -u DATABASE_URL -u REDIS_URL SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The whole suite. Uses DATABASE_URL and REDIS_URL when they are set.
test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Python with ruff; templates with djLint, as a linter only (rules in pyproject.toml, [tool.djlint]).
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint --lint .

# Rebuild every language's catalogues after changing strings (needs GNU gettext), then compile them. The languages
# are settings.LANGUAGES (`manage.py locales`); a new language gets its catalogues here.
APPS := actionplan tips training publications firstcontact opendata
messages: install-dev
	$(eval LOCALES := $(shell env -u DATABASE_URL -u REDIS_URL $(BIN)/python manage.py locales))
	$(BIN)/python manage.py makemessages $(foreach l,$(LOCALES),-l $(l)) --no-obsolete $(foreach a,$(APPS),-i $(a)) \
	  -i .venv -i staticfiles -i node_modules -i content
	for app in $(APPS); do (cd $$app && $(abspath $(BIN))/django-admin makemessages $(foreach l,$(LOCALES),-l $(l)) \
	  --no-obsolete --settings=taskforce.settings.dev --pythonpath=..); done
	$(BIN)/python manage.py compilemessages $(foreach l,$(LOCALES),-l $(l)) -i .venv -i node_modules

# Benchmarks on PostgreSQL and Redis under gunicorn (see README, Performance). Figures, not a pass/fail.
# Needs wrk (Debian package): installed here when missing and we are root, else the command to run is printed.
bench: install-dev
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y wrk; } || \
		{ echo "bench: needs wrk: sudo apt-get install wrk"; exit 1; }
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles node_modules
