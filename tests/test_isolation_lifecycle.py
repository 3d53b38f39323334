"""Worker processes in the settings people really call from, and what they leave behind.

Workers must not import the caller's ``__main__`` (an unguarded script re-ran its
top level in every worker; ``python -`` failed on ``'<stdin>'``; notebooks and the
REPL), must die with their parent however it dies, and must leave nothing in
``TMPDIR``. Every test runs a real interpreter.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# The same work in every setting: a batch over two workers and one timed extract.
_WORK = """\
from ragbase_extract import ExtractOptions, extract, extract_many
print("top level ran", flush=True)
results = list(extract_many([b"# One\\n\\nfirst", b"# Two\\n\\nsecond"], workers=2, backend="text"))
timed = extract(b"third", backend="text", options=ExtractOptions(timeout=60))
print("RESULT", [r.document.blocks[0].text for r in results], timed.text, flush=True)
"""
_EXPECTED = "RESULT ['One', 'Two'] third"


def _env(**extra: str) -> dict[str, str]:
    path = os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])
    return dict(os.environ, PYTHONPATH=path, **extra)


def _check(out: str, err: str, returncode: int) -> None:
    assert returncode == 0, err
    assert _EXPECTED in out, (out, err)
    assert out.count("top level ran") == 1, out  # never re-run in a worker


def test_unguarded_script(tmp_path: Path) -> None:
    script = tmp_path / "unguarded.py"
    script.write_text(_WORK)
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=_env(), timeout=120
    )
    _check(done.stdout, done.stderr, done.returncode)


def test_script_read_from_stdin() -> None:
    guarded = _WORK.replace("\n", "\n    ").replace(
        "from ragbase_extract", 'if __name__ == "__main__":\n    from ragbase_extract', 1
    )
    for code in (_WORK, guarded):
        done = subprocess.run(
            [sys.executable, "-"],
            input=code,
            capture_output=True,
            text=True,
            env=_env(),
            timeout=120,
        )
        _check(done.stdout, done.stderr, done.returncode)


def test_interactive_interpreter() -> None:
    done = subprocess.run(
        [sys.executable, "-i", "-q"],
        input=_WORK,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
    )
    _check(done.stdout, done.stderr, done.returncode)


def test_notebook(tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("def helper(x):\n    return x  # lives only in the kernel"),
        nbformat.v4.new_code_cell(_WORK),
    ]
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    )
    client.execute(env=_env())
    outputs = notebook.cells[1].outputs
    out = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    errors = [o for o in outputs if o.output_type == "error"]
    _check(out, str(errors), 1 if errors else 0)


def test_long_tmpdir(tmp_path: Path) -> None:
    # AF_UNIX socket paths are limited to ~108 bytes; workers use none.
    deep = tmp_path.joinpath(*["d" * 50] * 5)
    deep.mkdir(parents=True)
    done = subprocess.run(
        [sys.executable, "-c", _WORK],
        capture_output=True,
        text=True,
        env=_env(TMPDIR=str(deep)),
        timeout=120,
    )
    _check(done.stdout, done.stderr, done.returncode)
    assert list(deep.iterdir()) == []


# --------------------------------------------------------------------------- orphans

_HANG = """\
import threading, time
from pathlib import Path
from ragbase_extract import ExtractOptions, extract_many
from ragbase_extract._isolation._spawner import server_pid
from tests._hanging_backend import ScriptedBackend

def run():
    list(extract_many([b"hang-native", b"hang-native"], workers=2, backend=ScriptedBackend(),
                      options=ExtractOptions(timeout=600)))

threading.Thread(target=run, daemon=True).start()
while True:
    server = server_pid()
    if server is not None:
        children = Path(f"/proc/{server}/task/{server}/children").read_text().split()
        if len(children) == 2:
            break
    time.sleep(0.05)
time.sleep(0.5)  # both workers are inside the native call that holds the GIL
print(server, *children, flush=True)
time.sleep(600)
"""


def _running(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_nothing_survives_the_parent(tmp_path: Path, signum: int) -> None:
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    parent = subprocess.Popen(
        [sys.executable, "-c", _HANG],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(TMPDIR=str(tmpdir)),
    )
    try:
        assert parent.stdout is not None
        pids = [int(p) for p in parent.stdout.readline().split()]
        assert len(pids) == 3, parent.stderr.read() if parent.stderr else ""
        assert all(map(_running, pids))
        parent.send_signal(signum)
        parent.wait(10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(map(_running, pids)):
            time.sleep(0.05)
        assert not any(map(_running, pids))  # the server and both workers
        assert list(tmpdir.iterdir()) == []  # no socket directories left behind
    finally:
        parent.kill()
        parent.communicate()
