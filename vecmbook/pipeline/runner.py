"""``python -m vecmbook run``: validate, execute the notebooks, build the book.

Everything is produced in a staging folder beside the output folder and swapped
in only when every step succeeded, so a failed run never damages the last good
build.
"""
from __future__ import annotations

import ast
import concurrent.futures
import contextlib
import errno
import fcntl
import hashlib
import json
import logging
import multiprocessing
import multiprocessing.forkserver
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil

from vecmbook.paths import NOTEBOOKS, REPO, STANDIN_CSV
from vecmbook.pipeline import cache, html_compiler, kernels, results
from vecmbook.pipeline.params import ParameterError, RunParameters

BOOK_SOURCES = ["_config.yml", "_toc.yml", "book", "references.bib"]
MARKER = ".vecmbook-build"  # written into every build with the list of what it wrote
MARKER_HEADER = "built by python -m vecmbook run or grid; replaced by the next build into this folder"
#: what a build wrote before markers listed their files (a marker holding only the header)
LEGACY_ENTRIES = {MARKER, "results.json", "parameters.json", "html", "notebooks"}
STATE = "build-state.json"  # the chapters' fingerprints, for reuse by the next run into the folder


class RunError(RuntimeError):
    """A step of the run failed; the message says which and why.

    ``executed``: for a failed chapter, its executed copy relative to the staging folder.
    """

    def __init__(self, message: str, executed: str | None = None):
        super().__init__(message)
        self.executed = executed

    def __reduce__(self):  # raised in a chapter worker process, re-raised in the runner
        return RunError, (str(self), self.executed)


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
    which would make the runner skip it; the Python parser has no such blind spot. The
    notebook is read as plain JSON (nbformat 4's layout): importing nbformat costs the
    up-to-date check most of its time.
    """
    nb = json.loads(source.read_text(encoding="utf-8"))
    cells = [c for c in nb.get("cells", []) if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise RunError(f"notebook {source.name}: expected one cell tagged 'parameters', found {len(cells)}")
    text = cells[0]["source"]
    tree = ast.parse(text if isinstance(text, str) else "".join(text))
    return {t.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(t, ast.Name)}


def execute_notebook(source: Path, target: Path, values: dict, shown: dict | None = None,
                     fresh: bool = False) -> None:
    """Execute one notebook with papermill, passing the parameters it declares, in this process's
    reused kernel (:mod:`vecmbook.pipeline.kernels`) or, ``fresh``, a kernel of its own;
    ``shown`` replaces values in the executed copy's parameters cell (see :func:`present_parameters`)."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    declared = declared_parameters(source)
    chosen = {k: v for k, v in values.items() if k in declared}
    try:
        reuse = {} if fresh else {"km": kernels.reused(target.parent)}
    except RuntimeError as exc:
        raise RunError(str(exc)) from None
    try:
        pm.execute_notebook(
            str(source), str(target), parameters=chosen, kernel_name=kernels.KERNEL,
            cwd=str(target.parent), progress_bar=sys.stderr.isatty(), log_output=False,
            extra_arguments=kernels.KERNEL_ARGUMENTS,
            # papermill otherwise rewrites the whole notebook (validated, its figures included)
            # before and after every cell, markdown cells too: ~1 s per chapter for a copy that
            # only a run still going could read. It is written once at the end, and on a failure.
            request_save_on_cell_execute=False,
            **reuse,
        )
        present_parameters(target, shown or {})
    except PapermillExecutionError as exc:
        lines = [line.strip() for line in (exc.source or "").splitlines() if line.strip()]
        message = exc.evalue.splitlines()[0] if exc.evalue else ""
        raise RunError(
            f"notebook {source.name} failed in cell {exc.cell_index} of the executed copy "
            f"(In [{exc.exec_count}], starting {(lines[0] if lines else '')[:60]!r}): {exc.ename}: {message}",
            executed=f"src/notebooks/{target.name}",
        ) from None


def given_values(params: RunParameters) -> dict:
    """The parameters as the reader should see them in a chapter's parameters cell: ``--data``
    as typed (the shipped stand-in by its path in the repository) and no ``results_dir``, so a
    downloaded chapter runs from the repository's notebooks/ folder and writes nothing."""
    data = display_path(params.data) if Path(params.data).resolve() == STANDIN_CSV else params.data
    return {"data": data, "results_dir": None}


def show_values(source: str, shown: dict) -> str:
    """``source`` of a parameters cell with each ``name = value`` line of ``shown`` rewritten."""
    from papermill.translators import PythonTranslator

    lines = source.splitlines()
    for i, line in enumerate(lines):
        name = line.partition("=")[0].strip()
        if name in shown:
            lines[i] = f"{name} = {PythonTranslator.translate(shown[name])}"
    return "\n".join(lines) + "\n"


def present_parameters(executed: Path, shown: dict) -> None:
    """In the executed copy, drop the notebook's default parameters cell from the book (the
    values it shows were replaced) and fold away the cell papermill injected with the run's
    values (the page's notice states them too), showing those of ``shown`` as given."""
    import nbformat

    nb = nbformat.read(str(executed), as_version=4)
    record = nb.metadata.get("papermill", {})
    record.get("parameters", {}).update({k: v for k, v in shown.items() if k in record.get("parameters", {})})
    for key in ("input_path", "output_path"):  # the staging folder's, not the reader's
        if key in record:
            record[key] = f"notebooks/{executed.name}"
    for cell in nb.cells:
        tags = cell.metadata.setdefault("tags", [])
        if "injected-parameters" in tags:
            cell.source = show_values(cell.source, shown)
            tags.append("hide-input")
        elif "parameters" in tags:
            tags.append("remove-cell")
    nbformat.write(nb, str(executed))


@contextlib.contextmanager
def html_compilation(src: Path, strict: bool) -> Iterator[Callable[[Path], None]]:
    """Start compiling the book in ``src`` (its configuration and hand-written pages in place, the
    chapters not yet executed) with Jupyter Book (:mod:`vecmbook.pipeline.html_compiler`), in the
    cache's book workspace (:func:`book_workspace`, whose lock is held throughout) or, caching
    off, in ``src`` itself. Yields ``finish(html)``: called once the executed chapters are in
    ``src/notebooks``, it builds and puts the html folder at ``html``. Leaving the block without
    that call (a failed or interrupted run) stops the compiler before it has read anything."""
    with book_workspace(strict) as workspace:
        book = src if workspace is None else workspace / "src"
        output = src if workspace is None else workspace
        if workspace is not None:
            for name in BOOK_SOURCES:
                sync_tree(src / name, book / name)
        args = [str(book), "--builder", "html", "--path-output", str(output)]
        if strict:
            args += ["--warningiserror", "--keep-going"]
        compilation = html_compiler.start(args)

        def finish(html: Path) -> None:
            if workspace is not None:
                sync_tree(src, book)
            code, text = compilation.finish()
            if code != 0:
                tail = "\n".join(text.strip().splitlines()[-15:])
                raise RunError(f"jupyter-book build failed (exit {code}):\n{tail}")
            if workspace is None:
                (output / "_build" / "html").rename(html)
            else:
                shutil.copytree(output / "_build" / "html", html)

        try:
            yield finish
        finally:
            compilation.cancel()


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
    folder = cache.location()
    if folder is not None and (out == folder or folder in out.parents or out in folder.parents):
        raise ParameterError(f"--out {out}: the run's cache lives in {folder} "
                             f"(VECMBOOK_CACHE); a build may neither be inside it nor contain it")
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
    """Kill and reap every process this run started (the chapters' workers and kernels, a Sphinx
    build).

    An interrupt can arrive while a worker is starting a kernel; a kernel spawned after the list
    of processes was taken would outlive the run (holding its output pipes open), find its
    working folder (in staging) gone and print a traceback after the run's last line. So every
    process found is first suspended, which stops it from starting more, and the list is taken
    again until it has no new process; then all are killed. Python's resource trackers are
    left alone: they start nothing, end when the run does, and a killed one is relaunched with
    a traceback per resource it no longer knows.

    This process's own children (the pool's workers, a Sphinx build) are waited for without
    being reaped (:func:`_exited`): their owner reaps them. A worker reaped here was never seen
    to end by the process pool, whose shutdown then waited for it forever at the run's exit,
    spinning a core, after the run had printed its last line (seen in CI).
    """
    found: dict[int, psutil.Process] = {}
    while new := [p for p in psutil.Process().children(recursive=True) if p.pid not in found
                  and not _resource_tracker(p)]:
        for child in new:
            found[child.pid] = child
            with contextlib.suppress(psutil.Error):
                child.suspend()
    for child in found.values():
        with contextlib.suppress(psutil.Error):
            child.kill()
    own = [pid for pid, child in found.items() if _parent(child) == os.getpid()]
    psutil.wait_procs([child for pid, child in found.items() if pid not in own], timeout=timeout)
    deadline = time.monotonic() + timeout
    while not all(_exited(pid) for pid in own) and time.monotonic() < deadline:
        time.sleep(0.02)


def _parent(process: psutil.Process) -> int | None:
    try:
        return process.ppid()
    except psutil.Error:
        return None


def _exited(pid: int) -> bool:
    """Whether this process's child ``pid`` has ended, leaving it to be reaped by its owner
    (``waitid`` with ``WNOWAIT``); a pid that is no child of ours any more counts as ended."""
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def _resource_tracker(process: psutil.Process) -> bool:
    """Whether ``process`` is a resource tracker of multiprocessing or of joblib's loky."""
    try:
        return any("resource_tracker" in part for part in process.cmdline())
    except psutil.Error:
        return False


def fingerprint(*parts) -> str:
    """sha256 of the parts' canonical JSON: what decides whether a stored result still holds."""
    return hashlib.sha256(results.dumps(list(parts)).encode()).hexdigest()


def previous_state(out: Path) -> dict:
    """The state an earlier build left in ``out`` (its chapters' fingerprints), or empty."""
    try:
        return json.loads((out / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def sources_digest() -> str:
    """Hash of the book's non-notebook sources (pages, configuration, bibliography)."""
    digest = hashlib.sha256()
    for name in BOOK_SOURCES:
        path = REPO / name
        for f in sorted([path] if path.is_file() else path.rglob("*") if path.is_dir() else []):
            if f.is_file():
                digest.update(str(f.relative_to(REPO)).encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()


def chapter_fingerprints(params: RunParameters, data_sha256: str, paths: list[Path]) -> dict[str, str]:
    """Per chapter: hash of its notebook, the parameters it declares, the data and the package code."""
    values = params.notebook_values()
    prints = {}
    for nb in paths:
        declared = declared_parameters(nb)
        prints[nb.stem] = fingerprint(nb.read_bytes().hex(), {k: values[k] for k in sorted(declared & set(values))},
                                      data_sha256, cache.code_version())
    return prints


def _chapter_worker_init(env: dict[str, str], cwd: str) -> None:
    """A chapter worker takes the runner's environment and working folder (the fork server it is
    forked from keeps those it was started with, perhaps by an earlier run in this process) and
    leaves SIGINT/SIGTERM to the runner, which stops it and its kernel."""
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def execute_chapter(nb: Path, src: Path, fragments: Path, values: dict, i: int, n: int,
                    shown: dict | None = None, fresh: bool = False) -> float:
    """Execute one chapter into ``src/notebooks``, its results into ``fragments/<chapter>``;
    ``shown``: parameters as the executed copy shows them (:func:`given_values`); ``fresh``:
    in a kernel of its own rather than this process's reused one. Returns the seconds it took."""
    started = time.monotonic()
    log(f"[{i}/{n}] executing {nb.name} ...")
    own = values | {"results_dir": os.path.relpath(fragments / nb.stem, src / "notebooks")}
    execute_notebook(nb, src / "notebooks" / nb.name, own, shown, fresh)
    seconds = time.monotonic() - started
    log(f"[{i}/{n}] {nb.name} done in {seconds:.1f} s")
    return seconds


def durations_file() -> Path | None:
    """Where the cache keeps how long each chapter took when last executed (None: caching off)."""
    folder = cache.location()
    return None if folder is None else folder / "chapters" / "seconds.json"


def known_durations() -> dict[str, float]:
    """The seconds :func:`durations_file` holds per chapter (empty when absent or unreadable)."""
    path = durations_file()
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path is not None else {}
    except (OSError, ValueError):
        return {}


def longest_first(todo: list[Path]) -> list[Path]:
    """``todo`` ordered by how long each chapter took when last executed, longest first (a chapter
    never timed counts as longest; ties keep the book's order). Two workers finish together when the
    long chapters start first and the short ones fill in, rather than a long one starting last."""
    seconds = known_durations()
    return sorted(todo, key=lambda nb: -float(seconds.get(nb.stem, float("inf"))))


def record_durations(seconds: dict[str, float]) -> None:
    """Merge ``seconds`` into :func:`durations_file` (replaced whole, so a reader never sees half)."""
    path = durations_file()
    if path is None or not seconds:
        return
    known = known_durations()
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{os.getpid()}")
    part.write_text(json.dumps(known | {k: round(v, 2) for k, v in seconds.items()}, sort_keys=True),
                    encoding="utf-8")
    os.replace(part, path)


#: how chapter workers are started (see :func:`execute_chapters`)
FORK_SERVER = multiprocessing.get_context("forkserver")


def start_fork_server() -> None:
    """Start the process the chapter workers are forked from, if it is not running, importing
    :data:`~vecmbook.pipeline.kernels.PRELOAD` (about 2 s). :func:`run` calls this before it validates
    the data, so those imports overlap its own work on the other core."""
    FORK_SERVER.set_forkserver_preload([kernels.PRELOAD])
    multiprocessing.forkserver.ensure_running()


def stop_fork_server(unused: bool = False) -> None:
    """Stop the fork server once the chapters are executed, in a background thread: an interpreter
    with the chapters' libraries imported takes ~0.4 s to exit, which then overlaps the book's
    compilation, rather than keeping the run's output open after its last line (multiprocessing
    otherwise stops it only when this process exits; ``_stop`` is its own way, used by its tests).
    ``unused``: no chapter needed it (all were reused), so it is killed, perhaps still importing,
    rather than left to finish ~2 s of imports first."""
    server = multiprocessing.forkserver._forkserver
    if unused and server._forkserver_pid is not None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(server._forkserver_pid, signal.SIGKILL)
    threading.Thread(target=server._stop, daemon=True).start()


def execute_chapters(todo: list[Path], src: Path, fragments: Path, values: dict, jobs: int,
                     shown: dict | None = None, fresh: bool = False) -> None:
    """Execute ``todo``, up to ``jobs`` chapters at once, longest first (:func:`longest_first`),
    each worker's chapters in one reused kernel (``fresh``: a kernel per chapter).

    Parallel chapters run in worker processes, not threads: papermill starts each kernel in the
    notebook's folder by changing the *process's* working directory, which threads would share.
    The workers are forked by multiprocessing's fork server, which imports what a kernel imports
    once (:mod:`vecmbook.pipeline.kernel_preload`), and each forks its kernel from itself
    (:mod:`vecmbook.pipeline.kernel_fork`): one import of the chapters' libraries per run rather
    than one per worker and one per kernel.
    """
    todo = longest_first(todo) if jobs > 1 else todo
    args = [(nb, src, fragments, values, i, len(todo), shown, fresh) for i, nb in enumerate(todo, 1)]
    seconds = {}
    if jobs <= 1 or len(todo) <= 1:
        stop_fork_server(unused=True)  # run() starts it before it knows whether two chapters will need it
        try:
            for a in args:
                seconds[a[0].stem] = execute_chapter(*a)
        finally:
            kernels.shutdown()
        record_durations(seconds)
        return
    start_fork_server()
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=FORK_SERVER,
                                                  initializer=_chapter_worker_init,
                                                  initargs=(dict(os.environ), os.getcwd()))
    futures = {pool.submit(execute_chapter, *a): a[0].stem for a in args}
    try:
        for future in concurrent.futures.as_completed(futures):
            seconds[futures[future]] = future.result()  # the first failure stops the run
    except BaseException:
        # an interrupt or a failed chapter: the other chapters' workers and kernels go now, rather
        # than after their chapters finish (which is what shutting the pool down would wait for)
        stop_kernels()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    stop_fork_server()
    record_durations(seconds)


def copy_chapter(stem: str, notebooks: Path, fragments: Path, to_notebooks: Path, to_fragments: Path) -> None:
    """Copy a chapter's executed notebook, the files it wrote beside itself for its downloads
    (named ``<stem>_*``) and its results fragments, from one build-like layout to another."""
    for path in [notebooks / f"{stem}.ipynb", *notebooks.glob(f"{stem}_*")]:
        shutil.copy2(path, to_notebooks / path.name)
    if (fragments / stem).is_dir():
        shutil.copytree(fragments / stem, to_fragments / stem)


def reuse_chapter(previous: Path, stem: str, src: Path, fragments: Path) -> None:
    """Copy an unchanged chapter from ``previous`` (an earlier build, or the chapter store) into
    the build being staged."""
    copy_chapter(stem, previous / "notebooks", previous / "fragments", src / "notebooks", fragments)


def chapter_store() -> Path | None:
    """The cache's folder of executed chapters, one folder per fingerprint laid out as a build
    (``notebooks/``, ``fragments/``), so a chapter whose inputs some earlier build had, into
    whichever ``--out``, is copied rather than executed (None when caching is off)."""
    folder = cache.location()
    return None if folder is None else folder / "chapters"


def keep_chapter(src: Path, fragments: Path, stem: str, target: Path) -> None:
    """Copy a chapter just executed into ``target`` in the chapter store, whole or not at all (a
    folder filled under a temporary name, then renamed; a concurrent run's copy wins)."""
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    part = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        (part / "notebooks").mkdir()
        copy_chapter(stem, src / "notebooks", fragments, part / "notebooks", part / "fragments")
        os.rename(part, target)
    except OSError:
        shutil.rmtree(part, ignore_errors=True)
        if not target.exists():  # not another run's copy that won the rename: a real failure
            raise


def sync_tree(source: Path, target: Path) -> None:
    """Make ``target`` a copy of ``source`` (a folder or a file), rewriting only files whose bytes
    differ (and removing files ``source`` lacks): unchanged files keep their time stamps and a
    rewritten one gets the current time, which is how Sphinx's incremental build tells which pages
    to read again (a chapter reused from an older build carries an old time stamp, so it is not
    copied with it)."""
    if source.is_file():
        if not target.is_file() or target.read_bytes() != source.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        return
    wanted = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
    if target.exists():
        for p in sorted(target.rglob("*"), reverse=True):
            rel = p.relative_to(target)
            if p.is_file() and rel not in wanted:
                p.unlink()
            elif p.is_dir() and not any(p.iterdir()):
                p.rmdir()
    for rel in sorted(wanted):
        a, b = source / rel, target / rel
        if not b.is_file() or b.read_bytes() != a.read_bytes():
            b.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(a, b)


@contextlib.contextmanager
def book_workspace(strict: bool) -> Iterator[Path | None]:
    """The folder in the cache where the book is compiled, whichever ``--out`` it is for, so Sphinx
    keeps its environment between runs and reads again only the pages that differ from the last
    book it compiled (with new parameters: the chapters, not the hand-written pages and library
    reference); held under a lock from the moment the compiler starts (before the chapters
    execute, :func:`html_compilation`), so two runs compile in turn. A ``--strict`` build has a
    folder of its own, so its warnings are those of every page. None when caching is off."""
    folder = cache.location()
    if folder is None:
        yield None
        return
    name = "strict" if strict else "html"
    with cache.locked(folder, f"books-{name}"):
        yield folder / "books" / name


def build_into(staging: Path, params: RunParameters, dataset, html: bool, strict: bool,
               out: Path | None = None, jobs: int = 1, fresh_kernels: bool = False) -> None:
    """Execute the notebooks, write results.json and (optionally) the HTML book into ``staging``.

    A chapter whose fingerprint (notebook, declared parameters, data, package code) equals the
    one recorded by the earlier build in ``out``, or that of a chapter some earlier build executed
    (kept in the cache, :func:`chapter_store`), is copied instead of executed
    (:func:`stage_chapters`). The book's compiler starts first, so its set-up overlaps the
    chapters (:func:`html_compilation`).
    """
    src = staging / "src"
    src.mkdir()
    for name in BOOK_SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, src / name)
        elif path.exists():
            shutil.copy2(path, src / name)
    (src / "notebooks").mkdir()
    with contextlib.ExitStack() as stack:
        finish_html = stack.enter_context(html_compilation(src, strict)) if html else None
        fragments = staging / "fragments"
        fragments.mkdir()
        prints, todo = stage_chapters(src, fragments, params, dataset.sha256, out)
        execute_chapters(todo, src, fragments, params.notebook_values(), jobs, given_values(params), fresh_kernels)
        record_results(staging, src, fragments, todo, prints, params, dataset)
        if finish_html is not None:
            started = time.monotonic()
            log("building the HTML book ...")
            finish_html(staging / "html")
            log(f"HTML built in {time.monotonic() - started:.1f} s")
    shutil.move(str(src / "notebooks"), staging / "notebooks")
    shutil.rmtree(src)
    (staging / STATE).write_text(results.dumps({"build": build_fingerprint(prints, html, strict),
                                                "chapters": prints}), encoding="utf-8")
    write_marker(staging)


def stage_chapters(src: Path, fragments: Path, params: RunParameters, data_sha256: str,
                   out: Path | None) -> tuple[dict[str, str], list[Path]]:
    """Copy into ``src/notebooks`` and ``fragments`` every chapter whose fingerprint (notebook,
    declared parameters, data, package code) equals the one recorded by the earlier build in
    ``out`` or that of a chapter some earlier build executed (:func:`chapter_store`); return the
    fingerprints and the chapters left to execute."""
    paths = notebook_paths()
    prints = chapter_fingerprints(params, data_sha256, paths)
    before = previous_state(out) if out is not None else {}
    reused = [nb for nb in paths if before.get("chapters", {}).get(nb.stem) == prints[nb.stem]
              and (out / "notebooks" / nb.name).is_file()]
    for nb in reused:
        reuse_chapter(out, nb.stem, src, fragments)
    if reused:
        log(f"reusing {len(reused)} unchanged chapter(s) from the last build: "
            f"{', '.join(nb.stem for nb in reused)}")
    store = chapter_store()
    stored = [nb for nb in paths if nb not in reused and store is not None
              and (store / prints[nb.stem] / "notebooks" / nb.name).is_file()]
    for nb in stored:
        os.utime(store / prints[nb.stem])  # recently used: kept by cache.prune
        reuse_chapter(store / prints[nb.stem], nb.stem, src, fragments)
    if stored:
        log(f"reusing {len(stored)} chapter(s) an earlier build executed with the same inputs: "
            f"{', '.join(nb.stem for nb in stored)}")
    return prints, [nb for nb in paths if nb not in reused and nb not in stored]


def record_results(staging: Path, src: Path, fragments: Path, todo: list[Path], prints: dict[str, str],
                   params: RunParameters, dataset) -> None:
    """Keep the chapters just executed in the chapter store and write ``results.json`` and
    ``parameters.json`` into ``staging``."""
    store = chapter_store()
    if store is not None:
        for nb in todo:
            keep_chapter(src, fragments, nb.stem, store / prints[nb.stem])
    shown = display_path(params.data)
    base = {
        "schema_version": results.SCHEMA_VERSION,
        "parameters": params.notebook_values() | {"data": shown},
        "dataset": {
            "path": shown, "sha256": dataset.sha256, "rows": dataset.rows,
            "first_period": dataset.first_period, "last_period": dataset.last_period,
            "kind": dataset.kind,
        },
    }
    (staging / "results.json").write_text(results.dumps(results.assemble(fragments, base)))
    (staging / "parameters.json").write_text(results.dumps(base["parameters"]))


def build_fingerprint(chapters: dict[str, str], html: bool, strict: bool) -> str:
    """The whole build's fingerprint: its chapters, the book's other sources and the HTML options."""
    return fingerprint(chapters, sources_digest(), html, strict)


def up_to_date(out: Path, params: RunParameters, html: bool, strict: bool) -> bool:
    """Whether the earlier build in ``out`` was made from exactly these inputs — parameters, the
    data file's bytes, notebooks, pages and package code — so nothing needs to run. Decided
    before the data are parsed: that build validated the same inputs. Any doubt means no."""
    state = previous_state(out)
    if not state or not (out / "results.json").is_file() or (html and not (out / "html").is_dir()):
        return False
    try:
        sha = hashlib.sha256(Path(params.data).read_bytes()).hexdigest()
        prints = chapter_fingerprints(params, sha, notebook_paths())
    except (OSError, RunError, SyntaxError, ValueError):
        return False
    return state.get("build") == build_fingerprint(prints, html, strict)


@contextlib.contextmanager
def staged_output(out: Path, keep_failed: bool = False) -> Iterator[Path]:
    """Yield a fresh staging folder beside ``out`` that replaces ``out`` when the block succeeds.

    ``out`` is checked (:func:`check_out`) before and again under the lock (:func:`output_lock`);
    the block fills the staging folder and marks it (:func:`write_marker`), then :func:`swap_into`
    puts it in place. On any failure or interrupt the staging folder (unless ``keep_failed``), the
    lock and any parent folder created here are removed, every process this run started is
    stopped, and ``out`` is untouched.
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
        keep_failed: bool = False, jobs: int | None = None, fresh_kernels: bool = False) -> Path:
    """Validate, execute every notebook, write results and (optionally) the HTML book.

    The build happens in a staging folder beside ``out`` that replaces ``out`` only when every
    step succeeded (:func:`staged_output`); a build of exactly these inputs already in ``out`` is
    left as it is.
    """
    with interrupts_raise():
        if up_to_date(out.resolve(), params, html, strict):
            check_out(out.resolve())  # a build that now also holds a file of the user's is still refused
            log(f"up to date: {out.resolve()} was built from these parameters, data and code; nothing to do")
            return out.resolve()
        jobs = jobs or len(os.sched_getaffinity(0))
        if jobs > 1:
            start_fork_server()
        try:
            from vecmbook.pipeline.validation import validate  # pandas and the checks: only when there is work
            from vecmbook.report import fonts

            dataset = validate(params)
            if warning := fonts.missing_font_warning(dataset.variables):
                log(warning)
            out = out.resolve()
            check_out(out)
        except BaseException:
            stop_kernels()  # the fork server, still importing: the run ends here, with nothing left running
            raise
        with staged_output(out, keep_failed) as staging:
            build_into(staging, params, dataset, html, strict, out=out,
                       jobs=jobs, fresh_kernels=fresh_kernels)
        cache.prune()
        log(f"done: {out / 'results.json'}" + (f", {out / 'html' / 'index.html'}" if html else ""))
    return out


def load_results(out: Path) -> dict:
    """Read a run's results.json."""
    return json.loads((Path(out) / "results.json").read_text())
