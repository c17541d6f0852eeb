"""Compiling the book's HTML: ``jupyter-book build`` in a process of its own, started ahead.

The runner starts the compiler (:func:`start`) as soon as the book's configuration and
hand-written pages are in place, before the chapters execute. The process imports Jupyter Book,
Sphinx and their extensions, reads the configuration and loads Sphinx's saved environment
(about 1.5 s, which used to follow the chapters), then waits. Once the executed chapters are in
place the runner tells it to go on (:meth:`Compilation.finish`): Sphinx reads the pages that
changed and writes the book. A run that fails or is interrupted first stops it
(:meth:`Compilation.cancel`) before it has read or written anything. The wait wraps
``Sphinx.build`` in this process only: Jupyter Book creates Sphinx's application and builds
it in one call, with no hook between the two.

The process ends with ``os._exit`` once its output is flushed: an ordinary exit spends another
0.5 s freeing Sphinx's objects one by one, with the book already written. Everything the build
writes (pages, Sphinx's pickled environment, the search index) is written and closed before the
build returns.
"""
from __future__ import annotations

import os
import subprocess
import sys
import traceback

GO = "go"
#: the exit code of a compiler stopped before it built (told anything but :data:`GO`)
CANCELLED = 3


class Compilation:
    """A compiler process started by :func:`start`, waiting to build."""

    def __init__(self, args: list[str]) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", __name__, *args], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def finish(self) -> tuple[int, str]:
        """Build now (the sources are in place); the exit code and output (standard output and error)."""
        output, _ = self.process.communicate(GO + "\n")
        return self.process.returncode, output

    def cancel(self) -> None:
        """Stop the process if it still runs, without building; it has written nothing."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


def start(args: list[str]) -> Compilation:
    """Start ``jupyter-book build`` with ``args``; it builds when told (:meth:`Compilation.finish`)."""
    return Compilation(args)


def build(args: list[str]) -> tuple[int, str]:
    """Run ``jupyter-book build`` with ``args`` now; its exit code and output."""
    return start(args).finish()


def main() -> None:
    import sphinx.application
    from jupyter_book.cli.main import main as jupyter_book

    build_now = sphinx.application.Sphinx.build

    def build_when_told(app, *args, **kwargs):
        if sys.stdin.readline().strip() != GO:
            os._exit(CANCELLED)
        return build_now(app, *args, **kwargs)

    sphinx.application.Sphinx.build = build_when_told
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
