#!/usr/bin/env bash
# Build the sdist and the wheel, check them with twine, install the wheel into
# an EMPTY venv (nothing from the checkout on sys.path) and use it there: first
# the core alone, then with the `office` extra. This is what a user who pins
# ragbase-extract from the package index gets; .ci/run runs it after set-up.
#
# Usage: bash scripts/wheel_smoke.sh   (from anywhere; needs .venv with the dev extra)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
PYTHON="${PYTHON:-python3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/ragbase-wheel.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "wheel-smoke: build sdist and wheel"
.venv/bin/python -m build --outdir "$work/dist" . >"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; exit 1; }
.venv/bin/python -m twine check --strict "$work"/dist/*
wheel="$(ls "$work"/dist/ragbase_extract-*.whl)"
ls "$work"/dist/ragbase_extract-*.tar.gz >/dev/null

echo "wheel-smoke: core install into an empty venv: $(basename "$wheel")"
"$PYTHON" -m venv "$work/venv"
py="$work/venv/bin/python"
"$py" -m pip install --quiet "$wheel"
# Run from an empty folder so `import ragbase_extract` cannot find src/.
mkdir "$work/run"
cd "$work/run"
pdf="$root/tests/data/pdf/2305.03393v1-pg9.pdf"
docx="$root/tests/data/office/word_tables.docx"

"$py" - "$pdf" <<'EOF'
import sys
import ragbase_extract
from ragbase_extract import extract

assert "site-packages" in ragbase_extract.__file__, ragbase_extract.__file__
doc = extract(sys.argv[1])
assert doc.pages and doc.text.strip(), "empty extraction from the wheel"
assert any(b.kind == "table" for b in doc.blocks), [b.kind for b in doc.blocks]
# The newest PyMuPDF is what a user gets (2.x brings onnxruntime and a layout model);
# the backend imports it without those add-ons (docs/installation.rst).
addons = [m for m in ("pymupdf.layout", "pymupdf4llm", "onnxruntime") if sys.modules.get(m)]
assert not addons, f"the backend's import of PyMuPDF loaded {addons}"
print(f"wheel-smoke: core {ragbase_extract.__version__}: {len(doc.pages)} page(s), "
      f"{len(doc.blocks)} blocks, {len(doc.text)} chars; "
      f"PyMuPDF {sys.modules['pymupdf'].VersionBind}, no add-on imported")
EOF

version="$("$work/venv/bin/ragbase-extract" --version)"
expected="$("$py" -c 'import ragbase_extract; print(ragbase_extract.__version__)')"
[ "$version" = "ragbase-extract $expected" ] || { echo "bad --version: $version"; exit 1; }
echo "wheel-smoke: $version"
"$work/venv/bin/ragbase-extract" -f json "$pdf" >"$work/out.json"
"$py" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["pages"] and d["blocks"], "CLI wrote an empty document"
print("wheel-smoke: CLI json:", len(d["blocks"]), "blocks")
' "$work/out.json"

# Without the extra, an Office file fails with a typed error naming the extra.
if "$work/venv/bin/ragbase-extract" "$docx" >/dev/null 2>"$work/err.txt"; then
  echo "wheel-smoke: DOCX extracted without the office extra?"; exit 1
fi
grep -q "office" "$work/err.txt" || { cat "$work/err.txt"; exit 1; }

echo "wheel-smoke: install the office extra"
"$py" -m pip install --quiet "${wheel}[office]"
"$py" - "$docx" <<'EOF'
import sys
from ragbase_extract import extract

doc = extract(sys.argv[1])
assert doc.source.format == "docx", doc.source.format
assert any(b.kind == "table" for b in doc.blocks), [b.kind for b in doc.blocks]
print(f"wheel-smoke: office: {len(doc.blocks)} blocks from {sys.argv[1].rsplit('/', 1)[-1]}")
EOF
echo "wheel-smoke: OK"
