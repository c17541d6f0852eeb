"""The kernels the chapters execute in: one per worker process, reused from chapter to chapter.

Starting a Jupyter kernel and importing what a chapter imports (numpy, pandas, matplotlib,
statsmodels, scipy, this package) costs a few seconds of CPU, paid again by every chapter when
each gets a kernel of its own. A worker instead keeps one kernel for the run and, before each
chapter, returns it to the state a new kernel starts a chapter in: IPython's namespace and
history reset as a new session (``InteractiveShell.reset(new_session=True)``: empty
namespace, execution count 1), matplotlib's settings and the warning filters restored to the
snapshot taken when the kernel started, pandas' display options to their defaults. Imported
modules stay, which is the saving; they hold no chapter state (the package's module-level
caches are pure functions of their arguments, and :func:`vecmbook.pipeline.analysis.setup`
sets the display options a chapter relies on). ``--fresh-kernels`` gives each chapter a new
kernel instead, and a test checks that both ways give the same ``results.json`` byte for byte.

jupyter_client's :class:`~jupyter_client.manager.KernelManager` starts and stops the kernel;
papermill accepts it (``km=``) and then leaves it running after the notebook. Its clients are
:class:`~vecmbook.pipeline.kernel_client.PromptClient`, which skip a 0.2 s wait per client.
"""
from __future__ import annotations

import sys
import uuid
from multiprocessing import util
from pathlib import Path
from queue import Empty

KERNEL = "vecmbook"
#: arguments of every kernel: its own log (a loopback-TCP warning at start-up, a closed-socket
#: trace when an interrupt shuts it down) is noise to the reader; cell errors arrive as messages
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]
#: run once in a new kernel, before any chapter: the imports every model chapter makes, and the
#: state each chapter starts from, kept in builtins (which a reset leaves alone). Taken after
#: importing the book's figure module, whose import sets the theme: every chapter imports it
#: (through ``vecmbook.pipeline.analysis`` or directly) before it draws, so a new kernel's chapter
#: draws in exactly this state too. Then ``gc.freeze()`` (Python's documented use of it: objects
#: that live as long as the process) takes the ~175,000 objects of the imported libraries out of
#: the garbage collector's full passes, which would otherwise walk them all, ~0.1 s each, at
#: every reset and whenever a chapter's allocations trigger one.
SNAPSHOT = """
import gc, matplotlib.pyplot, matplotlib, warnings, vecmbook.report.figures, vecmbook.pipeline.analysis
vecmbook.report.figures.untrimmed_inline_figures()
__builtins__.__dict__['_vecmbook_start'] = (matplotlib.rcParams.copy(), list(warnings.filters))
gc.freeze()
del gc, matplotlib, warnings, vecmbook
"""
#: run before each further chapter: back to that state, as a new session
RESET = r"""
get_ipython().reset(new_session=True)
import matplotlib.pyplot, matplotlib, pandas, warnings
matplotlib.pyplot.close('all')
matplotlib.rcParams.update(_vecmbook_start[0])
warnings.filters[:] = _vecmbook_start[1]
pandas.reset_option(r'^display\.')
del matplotlib, pandas, warnings
"""

#: the module whose import gives a process what a kernel imports (see :mod:`vecmbook.pipeline.kernel_fork`)
PRELOAD = "vecmbook.pipeline.kernel_preload"
_kernels: dict[str, object] = {}  # this process's kernel per working folder


def _run_silently(km, code: str, what: str, ready: bool = False) -> None:
    """Execute ``code`` in ``km``'s kernel without output or history; raise RuntimeError on an error.

    ``ready``: the kernel has answered before, so the request goes out without waiting for it
    and only the reply on the request channel is awaited, which queues messages, so none can be
    missed."""
    kc = km.client()
    kc.start_channels()
    try:
        if not ready:
            kc.wait_for_ready(timeout=60)
        msg_id = kc.execute(code, silent=True, store_history=False)
        while (reply := kc.get_shell_msg(timeout=60))["parent_header"].get("msg_id") != msg_id:
            pass
    except Empty:
        raise RuntimeError(f"the chapters' kernel could not {what}: no answer in 60 s") from None
    finally:
        kc.stop_channels()
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"the chapters' kernel could not {what}: {reply['content'].get('evalue', '')}")


def reused(folder: Path):
    """This process's kernel for chapters executed in ``folder`` (its working folder), reset for
    the next chapter; started, and its start-up state recorded, on first use (or when it died)."""
    from jupyter_client.manager import KernelManager

    km = _kernels.get(str(folder))
    if km is not None and km.is_alive():
        _run_silently(km, RESET, "reset its namespace for the next chapter", ready=True)
        return km
    km = KernelManager(kernel_name=KERNEL, client_class="vecmbook.pipeline.kernel_client.PromptClient")
    if PRELOAD in sys.modules:  # this process has what a kernel imports: fork the kernel from it
        from vecmbook.pipeline.kernel_fork import ForkingProvisioner

        km.kernel_id = str(uuid.uuid4())
        km.provisioner = ForkingProvisioner(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)
    km.start_kernel(cwd=str(folder), extra_arguments=KERNEL_ARGUMENTS)
    if not _kernels:
        # a worker process stops its kernel when it exits (multiprocessing runs finalizers then);
        # registered here, in the process, because a forked worker starts with none registered
        util.Finalize(None, shutdown, exitpriority=10)
    _kernels[str(folder)] = km
    _run_silently(km, SNAPSHOT, "record its start-up state")
    return km


def shutdown() -> None:
    """Stop this process's kernels (the end of a run, or of a worker process)."""
    while _kernels:
        _, km = _kernels.popitem()
        if km.is_alive():
            km.shutdown_kernel(now=True)

