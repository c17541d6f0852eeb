"""The chapters' reused kernel and the HTML compiler process: what they skip loses nothing."""
from __future__ import annotations

import json
import pickle
import re
import sys
import time

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from vecmbook.pipeline import html_compiler, kernels, runner


@pytest.fixture
def tiny_notebook(tmp_path):
    """A notebook whose first cell prints at once (the output a client that is not yet
    subscribed to the kernel's output channel would miss) and which leaves a name behind."""
    cells = [new_code_cell("x = 0", metadata={"tags": ["parameters"]}),
             new_code_cell("print('first output', x)\nprint('left_behind' in globals(), 'gc' in globals())\n"
                           "left_behind = x"),
             new_code_cell("print(get_ipython().execution_count)")]
    nb = new_notebook(cells=cells, metadata={"kernelspec": {"name": kernels.KERNEL, "display_name": "k",
                                                            "language": "python"}})
    path = tmp_path / "tiny.ipynb"
    nbformat.write(nb, str(path))
    (tmp_path / "out").mkdir()
    return path


def test_a_reused_kernel_shows_every_output_and_starts_each_chapter_as_a_new_one(tiny_notebook):
    """Chapters in one kernel (the first after its start-up snapshot, the others after a reset),
    each through a client that does not wait for output-channel silence
    (kernel_client.PromptClient): every print arrives, and each chapter sees what it would see in
    a kernel of its own (``fresh``): no earlier chapter's names, the same execution count."""
    out = tiny_notebook.parent / "out" / "tiny.ipynb"

    def outputs(x: int, fresh: bool) -> list[str]:
        runner.execute_notebook(tiny_notebook, out, {"x": x}, fresh=fresh)
        return [c.outputs[0]["text"] for c in nbformat.read(str(out), as_version=4).cells[2:]]

    first, count = outputs(0, fresh=True)
    assert first == "first output 0\nFalse False\n"
    try:
        for x in range(4):
            assert outputs(x, fresh=False) == [f"first output {x}\nFalse False\n", count]
    finally:
        kernels.shutdown()


def test_the_compiler_reports_a_failed_build(tmp_path):
    code, output = html_compiler.build([str(tmp_path / "no-such-book")])
    assert code != 0
    assert "no-such-book" in output


@pytest.fixture
def tiny_book(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    (book / "_config.yml").write_text("title: Tiny\nexecute:\n  execute_notebooks: 'off'\n")
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n- file: second\n")
    (book / "intro.md").write_text("# Intro\n\nFirst page.\n")
    (book / "second.md").write_text("# Second\n\nA word to find: cointegration.\n")
    return book


def test_the_compiler_writes_the_whole_build_before_it_exits(tiny_book):
    """It ends with os._exit after the build: the pages, Sphinx's pickled environment (which the
    next build reads to find the changed pages) and the search index must be complete by then."""
    code, output = html_compiler.build([str(tiny_book), "--builder", "html"])
    assert code == 0, output[-2000:]
    html = tiny_book / "_build" / "html"
    assert "First page." in (html / "intro.html").read_text()
    env = pickle.loads((tiny_book / "_build" / ".doctrees" / "environment.pickle").read_bytes())
    assert set(env.found_docs) == {"intro", "second"}
    index = (html / "searchindex.js").read_text()
    assert index.startswith("Search.setIndex(") and "cointegr" in index
    json.loads(index[len("Search.setIndex("):-1])  # written whole


def test_a_compiler_started_ahead_builds_the_pages_as_they_are_when_told(tiny_book):
    """The runner starts the compiler before the chapters exist and lets it build after they are
    written: a page changed after the compiler loaded Sphinx's environment is read again and the
    unchanged page is not."""
    assert html_compiler.build([str(tiny_book), "--builder", "html"])[0] == 0
    html = tiny_book / "_build" / "html"
    compilation = html_compiler.start([str(tiny_book), "--builder", "html"])
    time.sleep(4)  # its set-up (imports, configuration, environment) is done by now on this machine
    (tiny_book / "second.md").write_text("# Second\n\nA changed page: error correction.\n")
    code, output = compilation.finish()
    assert code == 0, output[-2000:]
    assert "error correction" in (html / "second.html").read_text()
    read = [line for line in re.sub(r"\x1b\[[0-9;]*m", "", output).splitlines() if line.startswith("reading sources")]
    assert len(read) == 1 and read[0].endswith("second"), read


def test_a_cancelled_compiler_writes_nothing(tiny_book):
    """A run that fails before its chapters are in place stops the compiler it started ahead:
    no page, no environment, no file at all (Sphinx makes its empty output folders at set-up)."""
    compilation = html_compiler.start([str(tiny_book), "--builder", "html"])
    time.sleep(4)
    compilation.cancel()
    assert compilation.process.returncode is not None
    assert [p for p in (tiny_book / "_build").rglob("*") if p.is_file()] == []


FORKED = """
import json, os, sys
from pathlib import Path

import psutil

import vecmbook.pipeline.kernel_preload  # what the chapter workers' fork server imports
from vecmbook.pipeline import kernels, runner

source, out = Path(sys.argv[1]), Path(sys.argv[2])
chapters = []
for x in range(2):
    runner.execute_notebook(source, out, {"x": x})
    chapters.append(json.loads(out.read_text()))
km = kernels._kernels[str(out.parent)]
kernel = psutil.Process(km.provisioner.pid)
print(json.dumps({"chapters": chapters, "provisioner": type(km.provisioner).__name__,
                  "parent": kernel.ppid() == os.getpid(), "own_session": os.getsid(kernel.pid) == kernel.pid,
                  "cwd": kernel.cwd(), "pid": kernel.pid}))
sys.stdout.flush()
if sys.argv[3] == "die":
    os.kill(os.getpid(), 9)  # the worker dies without stopping its kernel
kernels.shutdown()
"""


def _outputs(nb: dict) -> list:
    """Each code cell's outputs without what differs between any two runs (figures' bytes aside)."""
    return [[{k: v for k, v in o.items() if k not in ("metadata", "execution_count")} for o in c["outputs"]]
            for c in nb["cells"] if c["cell_type"] == "code"]


def _run_forked(tiny_notebook, how: str) -> tuple[dict, list]:
    """Execute the notebook twice in a process that has what a kernel imports, as a chapter worker
    does: its kernel is forked from it (kernel_fork.ForkingProvisioner)."""
    import subprocess

    nb = nbformat.read(str(tiny_notebook), as_version=4)
    nb.cells.append(new_code_cell("import matplotlib.pyplot as plt\nplt.plot([0, 1])\nplt.show()"))
    nbformat.write(nb, str(tiny_notebook))
    out = tiny_notebook.parent / "out" / "tiny.ipynb"
    proc = subprocess.run([sys.executable, "-c", FORKED, str(tiny_notebook), str(out), how],
                          capture_output=True, text=True, timeout=120)
    assert proc.stdout, proc.stderr[-3000:]
    return json.loads(proc.stdout.splitlines()[-1]), [out, nb]


def test_a_kernel_forked_from_a_worker_runs_chapters_as_a_started_one_does(tiny_notebook):
    """The forked kernel is the worker's child in a session of its own, in the chapter's folder, and
    each chapter's outputs (prints, the execution count, an inline figure in the book's theme) are
    those of a reused kernel started the usual way (python -m ipykernel_launcher), byte for byte."""
    info, (out, _) = _run_forked(tiny_notebook, "stay")
    assert info["provisioner"] == "ForkingProvisioner"
    assert info["parent"] and info["own_session"]
    assert info["cwd"] == str(out.parent)
    try:
        for x, forked in enumerate(info["chapters"]):
            runner.execute_notebook(tiny_notebook, out, {"x": x})  # this process's kernel: started
            started = json.loads(out.read_text())
            assert _outputs(forked) == _outputs(started)
            assert [o["output_type"] for o in _outputs(forked)[-1]] == ["display_data"]
            assert "image/png" in _outputs(forked)[-1][0]["data"]
    finally:
        kernels.shutdown()


def test_a_forked_kernel_ends_when_its_worker_dies(tiny_notebook):
    """As a started kernel does (ipykernel polls its parent, given by ``parent_handle``): a worker
    killed without stopping its kernel does not leave it running."""
    import psutil

    info, _ = _run_forked(tiny_notebook, "die")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if psutil.Process(info["pid"]).status() == psutil.STATUS_ZOMBIE:  # ended, not yet reaped by init
                return
        except psutil.NoSuchProcess:
            return
        time.sleep(0.1)
    pytest.fail("the forked kernel was still running 10 s after its worker was killed")


def test_only_this_interpreter_running_ipykernel_launcher_is_forked():
    from vecmbook.pipeline.kernel_fork import launcher_arguments

    assert launcher_arguments([sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "c.json"]) \
        == ["-f", "c.json"]
    assert launcher_arguments(["/usr/bin/python3.9", "-m", "ipykernel_launcher", "-f", "c.json"]) is None
    assert launcher_arguments([sys.executable, "-m", "other_kernel", "-f", "c.json"]) is None
