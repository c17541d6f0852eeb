"""Compiling the book's HTML: ``jupyter-book build``, ended without the interpreter's teardown.

The runner compiles the book by running this module (``python -m
vecmbook.pipeline.html_compiler <jupyter-book build arguments>``). It runs the build as the
``jupyter-book`` command does and then ends with ``os._exit`` once its output is flushed: an
ordinary exit spends another 0.5 s freeing Sphinx's objects one by one, with the book already
written, on the path of every rebuild. Everything the build writes (pages, Sphinx's pickled
environment, the search index) is written and closed before the build returns.
"""
from __future__ import annotations

import os
import subprocess
import sys
import traceback


def build(args: list[str]) -> tuple[int, str]:
    """Run ``jupyter-book build`` with ``args`` in a process of its own; its exit code and output
    (standard output and error together)."""
    proc = subprocess.run([sys.executable, "-m", __name__, *args], capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr


def main() -> None:
    from jupyter_book.cli.main import main as jupyter_book

    code = 1
    try:
        jupyter_book(["build", *sys.argv[1:]], standalone_mode=False)
        code = 0
    except SystemExit as exc:  # jupyter-book's way of failing a build
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except BaseException:  # the runner shows the end of the output
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


if __name__ == "__main__":
    main()
