"""What the chapters' worker processes import once, before they are forked: the kernel and the
libraries every chapter imports.

:func:`vecmbook.pipeline.runner.execute_chapters` names this module as the preload of
multiprocessing's fork server, which imports it once and then forks each chapter worker from
itself; a worker forks its kernel in turn (:mod:`vecmbook.pipeline.kernel_fork`), so neither
imports these again. Importing this module anywhere else only costs the imports.

``MPLBACKEND`` is set first, as ``ipykernel`` sets it before a new kernel imports matplotlib: a
forked kernel starts with matplotlib already imported, and matplotlib reads its backend from the
environment when it is imported.
"""
from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")

import ipykernel.kernelapp  # noqa: E402,F401
import matplotlib.pyplot  # noqa: E402,F401
import nbclient  # noqa: E402,F401
import papermill  # noqa: E402,F401

import vecmbook.pipeline.analysis  # noqa: E402,F401
import vecmbook.pipeline.runner  # noqa: E402,F401
import vecmbook.report.figures  # noqa: E402,F401
