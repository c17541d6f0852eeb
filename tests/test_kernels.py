"""The chapters' reused kernel and the HTML compiler process: what they skip loses nothing."""
from __future__ import annotations

import json
import pickle

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


def test_the_compiler_writes_the_whole_build_before_it_exits(tmp_path):
    """It ends with os._exit after the build: the pages, Sphinx's pickled environment (which the
    next build reads to find the changed pages) and the search index must be complete by then."""
    book = tmp_path / "book"
    book.mkdir()
    (book / "_config.yml").write_text("title: Tiny\nexecute:\n  execute_notebooks: 'off'\n")
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n- file: second\n")
    (book / "intro.md").write_text("# Intro\n\nFirst page.\n")
    (book / "second.md").write_text("# Second\n\nA word to find: cointegration.\n")
    code, output = html_compiler.build([str(book), "--builder", "html"])
    assert code == 0, output[-2000:]
    html = book / "_build" / "html"
    assert "First page." in (html / "intro.html").read_text()
    env = pickle.loads((book / "_build" / ".doctrees" / "environment.pickle").read_bytes())
    assert set(env.found_docs) == {"intro", "second"}
    index = (html / "searchindex.js").read_text()
    assert index.startswith("Search.setIndex(") and "cointegr" in index
    json.loads(index[len("Search.setIndex("):-1])  # written whole
