# Yishi — the README's commands. Everything goes through .venv, created on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint fmt bench dist i18n venv demo clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,lint,installer]'
	touch $(STAMP)

## run: create .venv, install, open the app on the demo database (signed in as the demo admin)
run: $(STAMP)
	TZ="$${TZ:-CST-8}" $(BIN)/yishi --demo

## test: the whole suite, offscreen
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check desktop cityserver tests bench tools
	$(BIN)/ruff format --check desktop cityserver tests bench tools
	$(BIN)/mypy

fmt: $(STAMP)
	$(BIN)/ruff format desktop cityserver tests bench tools
	$(BIN)/ruff check --fix desktop cityserver tests bench tools

## i18n: refresh the zh_CN .ts from the sources and the catalogue, compile the .qm
i18n: $(STAMP)
	$(BIN)/python tools/i18n.py

bench: $(STAMP)
	@for b in bench/*.py; do echo "== $$b"; QT_QPA_PLATFORM=offscreen $(BIN)/python $$b || exit 1; done

## dist: the desktop bundle in dist/yishi/, its zip and the portable zip (installer/build.py)
DIST_ARGS ?= --portable
dist: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[installer]'
	$(BIN)/python installer/build.py $(DIST_ARGS)

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache

.PHONY: windows-installer test-windows test-windows-unit

## windows-installer: dist/yishi-<version>-setup.exe, built on Linux (installer/build_windows.py)
windows-installer: $(STAMP)
	$(BIN)/python installer/build_windows.py

## test-windows: build the installer, install it under Wine (zh_CN), use it, upgrade, uninstall
test-windows: $(STAMP)
	$(BIN)/python tests/windows/lane.py

## test-windows-unit: the non-GUI tests (tests/unit) under the Windows Python in Wine
test-windows-unit: $(STAMP)
	$(BIN)/python tests/windows/unit.py
