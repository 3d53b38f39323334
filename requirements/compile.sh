#!/usr/bin/env bash
# Regenerate the constraints files in this folder from pyproject.toml's extras.
#
#   bash requirements/compile.sh             # keep the current pins where they still resolve
#   bash requirements/compile.sh --upgrade   # move every pin to the newest release
#
# Needs uv (in .venv through the dev extra's tox-uv). The files are universal (every
# platform, markers where versions differ) for Python 3.11 and up.
#   constraints-test.txt:   what scripts/setup.sh installs: .[test,ocr,worker]; tox's
#                           default env uses it too.
#   constraints-worker.txt: the queue worker's image (Dockerfile): .[worker,office].
# Both stay on the PyMuPDF 1.x line: no onnxruntime/numpy/layout model installed, and a
# light `import pymupdf` in every test subprocess. tox -e pymupdf2 / pymupdflite2 run
# the suite on the 2.0 line (docs/installation.rst).
set -euo pipefail
cd "$(dirname "$0")/.."
uv="${UV:-$(command -v uv || echo .venv/bin/uv)}"
common=(--universal --python-version 3.11 --quiet --constraint requirements/pymupdf-1x.txt
        --custom-compile-command "bash requirements/compile.sh")
"$uv" pip compile pyproject.toml --extra test --extra ocr --extra worker \
  "${common[@]}" "$@" -o requirements/constraints-test.txt
"$uv" pip compile pyproject.toml --extra worker --extra office \
  "${common[@]}" "$@" -o requirements/constraints-worker.txt
