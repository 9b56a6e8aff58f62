# make demo: set everything up and render the demo to out/ ; make test: set up and run the tests.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
APT_PACKAGES := espeak-ng libespeak-ng1 libegl1 libgl1-mesa-dri libgles2
DEMO_PROMPT := A full body shot of a man sprinting through a neon-lit city street, steam rising from the pavement, tracking shot following the athlete, cinematic depth of field, 4-second duration

.PHONY: setup system venv demo test bench clean

setup: system venv

system:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

venv: $(VENV)/.installed

demo: setup
	mkdir -p out
	$(VENV)/bin/cinemotion render "$(DEMO_PROMPT)" -o out/demo.mp4 --size 1280x720 --seed 7

test: setup
	$(VENV)/bin/pytest -q tests

bench: setup
	$(PY) benchmarks/render_bench.py

clean:
	rm -rf out .pytest_cache .hypothesis
