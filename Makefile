# make demo: set everything up and render the demo to out/ ; make test: set up, check the layers (lint-imports) and lint (ruff), run the tests.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# every extra, so `make test` runs what CI runs
EXTRAS ?= test,studio,reference,diffusers,embed,ray
RUN_PACKAGES := espeak-ng libespeak-ng1 libegl1 libegl-mesa0 libgl1-mesa-dri
TEST_PACKAGES := $(RUN_PACKAGES) chromium postgresql
DEMO_PROMPT := A full body shot of a man sprinting through a neon-lit city street, steam rising from the pavement, tracking shot following the athlete, cinematic depth of field, 4-second duration

comma := ,

.PHONY: demo test bench clean

define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

$(VENV)/.run: pyproject.toml
	$(call apt_install,$(RUN_PACKAGES))
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.test-$(subst $(comma),-,$(EXTRAS)): pyproject.toml $(VENV)/.run
	$(call apt_install,$(TEST_PACKAGES))
	$(PY) -m pip install -q -e '.[$(EXTRAS)]'
	touch $@

demo: $(VENV)/.run
	mkdir -p out
	$(PY) -m compileall -q src  # bytecode up to date even where PYTHONDONTWRITEBYTECODE is set: −0.2 CPU-s a start
	$(VENV)/bin/cinemotion render "$(DEMO_PROMPT)" -o out/demo.mp4 --size 1280x720 --seed 7

test: $(VENV)/.test-$(subst $(comma),-,$(EXTRAS))
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest -p no:cacheprovider tests

bench: $(VENV)/.run
	$(PY) benchmarks/render_bench.py

clean:
	rm -rf out .pytest_cache .hypothesis
