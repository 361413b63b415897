# Lanta: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
ADDONS := $(sort $(wildcard plugins/*/pyproject.toml))
THEMES := $(sort $(wildcard themes/*/pyproject.toml))
PACKAGES := $(dir $(ADDONS) $(THEMES))
CATALOG_DIRS := core/lanta/locale $(wildcard plugins/*/lanta_*/locale)
CHROMIUM ?= /usr/bin/chromium
# three.js for the spectrospoke add-on's 360° player, served from the add-on's own
# static files (no CDN); without it the player plays clips flat.
PLAYER_VENDOR := plugins/spectrospoke/lanta_spectrospoke/static/vendor
THREE_BUILD := node_modules/three/build
# Test processes (pytest-xdist); each test file stays on one of them.
TEST_WORKERS ?= 2

.PHONY: install run test test-fast chromium node-tools player-vendor i18n compile-catalogs docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip 'setuptools<81' wheel

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml $(ADDONS) $(THEMES)
	$(BIN)/pip install --quiet -e '.[test]' $(foreach p,$(PACKAGES),-e ./$(p))
	touch $@

install: $(VENV)/.installed compile-catalogs
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory node-tools; \
	else echo "npm is missing: the 360° player will play clips flat (see plugins/spectrospoke/docs/kiosk.md)."; fi

compile-catalogs: $(VENV)/.installed
	@for dir in $(CATALOG_DIRS); do \
	  for po in $$dir/*/LC_MESSAGES/*.po; do \
	    [ -f "$$po" ] || continue; \
	    $(BIN)/pybabel compile --statistics -i "$$po" -o "$${po%.po}.mo" 2>&1 | grep -v '^compiling' || true; \
	  done; \
	done

run: install
	@mkdir -p var
	$(BIN)/lanta -c development.ini db upgrade
	$(BIN)/lanta -c development.ini demo --if-empty --password-file var/demo-admin.txt
	@echo
	@echo "Lanta is starting at http://127.0.0.1:6543/"
	@echo "Log in at http://127.0.0.1:6543/login as the demo admin:"
	@[ -f var/demo-admin.txt ] && awk '{print "  e-mail: " $$1 "\n  password: " $$2}' var/demo-admin.txt \
	  || echo "  (no demo password on file: create an admin with 'lanta users add EMAIL --role admin')"
	@echo
	@# Pyramid imports pkg_resources before Lanta can hush its deprecation warning.
	PYTHONWARNINGS='ignore:pkg_resources is deprecated as an API:UserWarning' $(BIN)/pserve development.ini

# Debian's Chromium for the browser tests, a Java runtime for the HTML checker, and
# ffmpeg, with which the imagewall add-on draws a poster frame for each clip.
chromium:
	@if [ -x "$(CHROMIUM)" ] && command -v java >/dev/null && command -v ffmpeg >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's Chromium, a Java runtime and ffmpeg for the tests…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium default-jre-headless ffmpeg >/dev/null; \
	else \
	  echo "The tests need Chromium, Java and ffmpeg. Install them with: sudo apt-get install -y chromium default-jre-headless ffmpeg"; exit 1; \
	fi

node-tools:
	@[ -f node_modules/axe-core/axe.min.js ] && [ -f node_modules/vnu-jar/build/dist/vnu.jar ] \
	  && [ -f $(THREE_BUILD)/three.module.js ] || npm ci --ignore-scripts --no-audit --no-fund >/dev/null
	@$(MAKE) --no-print-directory player-vendor

# three.module.js imports three.core.js from its own folder: both are copied.
player-vendor:
	@mkdir -p $(PLAYER_VENDOR)
	@cp $(THREE_BUILD)/three.module.js $(THREE_BUILD)/three.core.js $(PLAYER_VENDOR)/
	@cp node_modules/three/LICENSE $(PLAYER_VENDOR)/three.LICENSE

test: install chromium node-tools
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

test-fast: install
	$(BIN)/pytest -m "not browser"

i18n: $(VENV)/.installed
	$(BIN)/python -m lanta.i18n_tools extract

docs: $(VENV)/.installed
	$(BIN)/python -m lanta.docs_tools hooks > docs/hooks.md

bench: install
	@for script in bench/bench_*.py; do $(BIN)/python "$$script"; done

clean:
	rm -rf $(VENV) node_modules .pytest_cache
