"""``python -m vecmbook run``: validate, execute the notebooks, build the book.

Everything is produced in a staging folder beside the output folder and swapped
in only when every step succeeded, so a failed run never damages the last good
build.
"""
from __future__ import annotations

import ast
import contextlib
import errno
import fcntl
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil

from vecmbook.paths import NOTEBOOKS, REPO
from vecmbook.pipeline import results
from vecmbook.pipeline.analysis import validate
from vecmbook.pipeline.params import ParameterError, RunParameters
from vecmbook.report import fonts

BOOK_SOURCES = ["_config.yml", "_toc.yml", "book", "references.bib"]
KERNEL = "vecmbook"
MARKER = ".vecmbook-build"  # written into every build with the list of what it wrote
MARKER_HEADER = "built by python -m vecmbook run or grid; replaced by the next build into this folder"
#: what a build wrote before markers listed their files (a marker holding only the header)
LEGACY_ENTRIES = {MARKER, "results.json", "parameters.json", "html", "notebooks"}


class RunError(RuntimeError):
    """A step of the run failed; the message says which and why.

    ``executed``: for a failed chapter, its executed copy relative to the staging folder.
    """

    def __init__(self, message: str, executed: str | None = None):
        super().__init__(message)
        self.executed = executed


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived; ``exit_code`` is 128 + the signal number (130, 143)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.exit_code = 128 + signum


def notebook_paths() -> list[Path]:
    """The chapter notebooks in execution order (named NN_title.ipynb)."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def display_path(path: str) -> str:
    """A data path as recorded: relative to the repository when inside it, else absolute."""
    resolved = Path(path).resolve()
    try:
        return str(resolved.relative_to(REPO))
    except ValueError:
        return str(resolved)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def declared_parameters(source: Path) -> set[str]:
    """Names assigned in the notebook's cell tagged ``parameters`` (read with ``ast``).

    papermill's own line parser silently drops a parameter whose comment contains "=",
    which would make the runner skip it; the Python parser has no such blind spot.
    """
    import nbformat

    nb = nbformat.read(str(source), as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise RunError(f"notebook {source.name}: expected one cell tagged 'parameters', found {len(cells)}")
    tree = ast.parse(cells[0].source)
    return {t.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(t, ast.Name)}


def execute_notebook(source: Path, target: Path, values: dict) -> None:
    """Execute one notebook with papermill, passing the parameters it declares."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    declared = declared_parameters(source)
    chosen = {k: v for k, v in values.items() if k in declared}
    try:
        pm.execute_notebook(
            str(source), str(target), parameters=chosen, kernel_name=KERNEL,
            cwd=str(target.parent), progress_bar=sys.stderr.isatty(), log_output=False,
            # the kernel's own log (a loopback-TCP warning at start-up, a closed-socket trace when an
            # interrupt shuts it down) is noise to the reader; cell errors arrive as messages instead
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
        present_parameters(target)
    except PapermillExecutionError as exc:
        lines = [line.strip() for line in (exc.source or "").splitlines() if line.strip()]
        message = exc.evalue.splitlines()[0] if exc.evalue else ""
        raise RunError(
            f"notebook {source.name} failed in cell {exc.cell_index} of the executed copy "
            f"(In [{exc.exec_count}], starting {(lines[0] if lines else '')[:60]!r}): {exc.ename}: {message}",
            executed=f"src/notebooks/{target.name}",
        ) from None


def vendor_mathjax(src: Path) -> None:
    """Copy MathJax 2 (from the jupyter-server-mathjax package) to ``src/_vendor/mathjax``,
    where ``_config.yml`` points ``mathjax_path``, so the book needs no CDN to show equations."""
    import jupyter_server_mathjax

    shutil.copytree(Path(jupyter_server_mathjax.__file__).parent / "static", src / "_vendor" / "mathjax")


def present_parameters(executed: Path) -> None:
    """In the executed copy, drop the notebook's default parameters cell from the book (the
    values it shows were replaced) and fold away the cell papermill injected with the run's
    values (the page's notice states them too)."""
    import nbformat

    nb = nbformat.read(str(executed), as_version=4)
    for cell in nb.cells:
        tags = cell.metadata.setdefault("tags", [])
        if "injected-parameters" in tags:
            tags.append("hide-input")
        elif "parameters" in tags:
            tags.append("remove-cell")
    nbformat.write(nb, str(executed))


def build_html(src: Path, strict: bool) -> Path:
    """Compile the executed notebooks and pages with Jupyter Book; return the html folder."""
    vendor_mathjax(src)
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(src), "--builder", "html", "--path-output", str(src)]
    if strict:
        cmd += ["--warningiserror", "--keep-going"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise RunError(f"jupyter-book build failed (exit {proc.returncode}):\n{tail}")
    return src / "_build" / "html"


def written_entries(folder: Path) -> set[str] | None:
    """Relative paths a build wrote into ``folder`` as its marker lists them; None when the
    folder carries no marker (it is not a build of this book)."""
    marker = folder / MARKER
    if not marker.is_file():
        return None
    listed = marker.read_text(encoding="utf-8").splitlines()[1:]
    return set(listed) if listed else set(LEGACY_ENTRIES)


def foreign_entries(folder: Path, written: set[str]) -> list[str]:
    """Entries of ``folder`` (relative, sorted) that are not in ``written``.

    A legacy marker lists top-level names only, so only the top level is compared then.
    """
    if written == LEGACY_ENTRIES:
        return sorted(p.name for p in folder.iterdir() if p.name not in written)
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if str(p.relative_to(folder)) not in written)


def check_out(out: Path) -> None:
    """Refuse an output folder whose replacement would delete anything but an earlier build.

    ``--out`` is replaced wholesale, so it must be new, empty, or a previous build that
    holds only what that build wrote (its marker lists it); it may not be the repository,
    contain it, or lie inside one of its source folders. Its nearest existing ancestor
    must be a folder, so the parents can be created.
    """
    out = out.resolve()
    if out == REPO or out in REPO.parents:
        raise ParameterError(f"--out {out}: refusing to replace a folder that contains the repository")
    for name in ["book", "data", "notebooks", "vecmbook", "tests", "scripts", "benchmarks", ".git"]:
        if out == REPO / name or (REPO / name) in out.parents:
            raise ParameterError(f"--out {out}: refusing to write a build into the source folder {name}/")
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                raise ParameterError(f"--out {out}: {parent} is a file, not a folder")
            break
    if not out.exists() or (out.is_dir() and not any(out.iterdir())):
        return
    written = written_entries(out) if out.is_dir() else None
    if written is None:
        raise ParameterError(f"--out {out}: exists and is not an earlier build of this book "
                             f"(no {MARKER}); choose a new folder or remove it yourself")
    foreign = foreign_entries(out, written)
    if foreign:
        more = f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
        raise ParameterError(f"--out {out}: this earlier build also holds files it did not write "
                             f"({', '.join(foreign[:3])}{more}); move them away or choose another folder")


def write_marker(staging: Path) -> None:
    """Mark ``staging`` as a build and list every entry it holds (the marker included)."""
    entries = sorted(str(p.relative_to(staging)) for p in staging.rglob("*")) + [MARKER]
    (staging / MARKER).write_text("\n".join([MARKER_HEADER, *sorted(set(entries))]) + "\n", encoding="utf-8")


@contextlib.contextmanager
def signals_blocked() -> Iterator[None]:
    """Hold SIGINT/SIGTERM back for a few renames, so an interrupt cannot split them."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def swap_into(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging``; if the second rename fails, the earlier build is put back."""
    old = None
    with signals_blocked():
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            out.rename(old)
        try:
            staging.rename(out)
        except OSError:
            if old is not None:
                old.rename(out)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold ``.<name>.lock`` beside ``out`` for the whole run; refuse if another live run holds it.

    The lock is ``flock`` on that file, so a lock left by a process that died is free again and
    is taken over; the inode check after locking catches a file unlinked by the run that just
    finished. The file holds the owner's pid for the message and is removed on the way out.
    """
    path = out.with_name(f".{out.name}.lock")
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = os.read(fd, 32).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise ParameterError(f"--out {out}: another run (pid {owner}) is building into this folder; "
                                 f"wait for it to finish or choose another --out") from None
        if os.path.exists(path) and os.stat(path).st_ino == os.fstat(fd).st_ino:
            break
        os.close(fd)  # locked a file the previous holder had just removed: try again
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        os.close(fd)


def make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return those created, innermost first."""
    created = []
    for parent in [folder, *folder.parents]:
        if parent.exists():
            break
        created.append(parent)
    folder.mkdir(parents=True, exist_ok=True)
    return created


def readable_by_others(folder: Path) -> None:
    """``mkdtemp`` makes its folder 0700; give it the mode the user's umask gives any folder."""
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)


@contextlib.contextmanager
def interrupts_raise() -> Iterator[None]:
    """Turn SIGTERM (and SIGINT) into :class:`Interrupted` while the run lasts."""
    def handler(signum, _frame):
        raise Interrupted(signum)

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def stop_kernels(timeout: float = 5.0) -> None:
    """Kill and reap every process this run started (the chapters' kernels, a Sphinx build).

    An interrupt can arrive while papermill is still starting a kernel; left alone, that kernel
    outlives the run, finds its working folder (in staging) gone and prints a traceback after
    the run's last line.
    """
    children = psutil.Process().children(recursive=True)
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.kill()
    psutil.wait_procs(children, timeout=timeout)


def build_into(staging: Path, params: RunParameters, dataset, html: bool, strict: bool) -> None:
    """Execute every notebook, write results.json and (optionally) the HTML book into ``staging``."""
    src = staging / "src"
    src.mkdir()
    for name in BOOK_SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, src / name)
        elif path.exists():
            shutil.copy2(path, src / name)
    (src / "notebooks").mkdir()
    fragments = staging / "fragments"
    # relative to the folder the notebooks execute in, so no staging path shows in the book
    values = params.notebook_values() | {"results_dir": os.path.relpath(fragments, src / "notebooks")}
    paths = notebook_paths()
    for i, nb in enumerate(paths, 1):
        started = time.monotonic()
        log(f"[{i}/{len(paths)}] executing {nb.name} ...")
        execute_notebook(nb, src / "notebooks" / nb.name, values)
        log(f"[{i}/{len(paths)}] {nb.name} done in {time.monotonic() - started:.1f} s")
    shown = display_path(params.data)
    base = {
        "parameters": params.notebook_values() | {"data": shown},
        "dataset": {
            "path": shown, "sha256": dataset.sha256, "rows": dataset.rows,
            "first_period": dataset.first_period, "last_period": dataset.last_period,
            "kind": dataset.kind,
        },
    }
    (staging / "results.json").write_text(results.dumps(results.assemble(fragments, base)))
    (staging / "parameters.json").write_text(results.dumps(base["parameters"]))
    shutil.rmtree(fragments, ignore_errors=True)  # absent when no chapter recorded a section
    if html:
        started = time.monotonic()
        log("building the HTML book ...")
        build_html(src, strict).rename(staging / "html")
        log(f"HTML built in {time.monotonic() - started:.1f} s")
    shutil.move(str(src / "notebooks"), staging / "notebooks")
    shutil.rmtree(src)
    write_marker(staging)


@contextlib.contextmanager
def staged_output(out: Path, keep_failed: bool = False) -> Iterator[Path]:
    """Yield a fresh staging folder beside ``out`` that replaces ``out`` when the block succeeds.

    ``out`` is checked (:func:`check_out`) before and again under the lock (:func:`output_lock`);
    the staging folder is swapped in by :func:`swap_into` after :func:`write_marker` has been
    called on it by the caller. On any failure or interrupt the staging folder (unless
    ``keep_failed``), the lock and any parent folder created here are removed, every process
    this run started is stopped, and ``out`` is untouched.
    """
    out = out.resolve()
    check_out(out)
    created = make_parents(out.parent)
    staging = None
    try:
        with output_lock(out):
            check_out(out)  # again, now that no other run can be writing it
            staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
            readable_by_others(staging)
            yield staging
            swap_into(staging, out)
    except BaseException as exc:
        if isinstance(exc, Interrupted):
            # the process ends on this signal: nbclient's pending cell and asyncio's unretrieved
            # task would log "Kernel died" and a trace as the kernel is killed or collected
            logging.disable(logging.CRITICAL)
        stop_kernels()
        kept = keep_failed and staging is not None and not isinstance(exc, Interrupted)
        if staging is not None and not kept:
            shutil.rmtree(staging, ignore_errors=True)
        for folder in created:  # innermost first; only folders this run made and left empty
            with contextlib.suppress(OSError):
                folder.rmdir()
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            raise OSError(exc.errno, "no space left on device; the previous build is untouched",
                          exc.filename or str(out.parent)) from None
        if isinstance(exc, RunError) and exc.executed is not None:
            where = (f"the executed notebook is kept: {staging / exc.executed}" if kept else
                     "rerun with --keep-failed to keep the executed notebook")
            raise RunError(f"{exc}; {where}") from None
        if kept:
            log(f"the failed build is kept for inspection in {staging}")
        raise


def run(params: RunParameters, out: Path, html: bool = True, strict: bool = False,
        keep_failed: bool = False) -> Path:
    """Validate, execute every notebook, write results and (optionally) the HTML book.

    The build happens in a staging folder beside ``out`` that replaces ``out`` only when every
    step succeeded (:func:`staged_output`).
    """
    with interrupts_raise():
        dataset = validate(params)
        if warning := fonts.missing_font_warning(dataset.variables):
            log(warning)
        out = out.resolve()
        with staged_output(out, keep_failed) as staging:
            build_into(staging, params, dataset, html, strict)
        log(f"done: {out / 'results.json'}" + (f", {out / 'html' / 'index.html'}" if html else ""))
    return out


def load_results(out: Path) -> dict:
    """Read a run's results.json."""
    return json.loads((Path(out) / "results.json").read_text())
