"""The run's on-disk cache: each expensive computation runs once for its inputs.

A chapter still shows the call that produces its numbers (``ctx.irf_bootstrap()``), but the
call goes through :func:`cached`, a :class:`joblib.Memory` cache keyed by the function's code
and a hash of its arguments (the data arrays, the specification, B and the seed). So the
B = 1000 bootstrap that chapters 05 and 06 both show is drawn once per specification, and a
rerun with the same inputs reads it back. joblib is the well-kept library for exactly this
(hashing numpy arrays, invalidating when the function's source changes); we add only a
per-function file lock, so two chapters executing in parallel that ask for the same result
compute it once: the second waits for the first and reads its entry.

The folder is ``$VECMBOOK_CACHE`` when set, else ``.cache/`` in the repository (git-ignored);
the runner refuses an ``--out`` inside it or containing it, ``make clean`` empties it, and
``VECMBOOK_CACHE=off`` disables it (every call computes, as the uncached benchmark does). The
runner also compiles the HTML in one folder there, ``books/``, whichever ``--out`` it is for,
so Sphinx rebuilds only the pages that differ from the last book it compiled, and keeps every
chapter it executed under ``chapters/<fingerprint>/``, so a chapter with the same inputs is
copied, not executed again, by a later run into any ``--out``. After each run the folder is
pruned (:func:`prune`): the most recently used chapters and results are kept, and the results of
other versions of the code are dropped.
Cached results are the pickled objects themselves, so a cached run's ``results.json`` is
byte-identical to an uncached one (tests/test_cache.py).
"""
from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import inspect
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from vecmbook.paths import REPO

F = TypeVar("F", bound=Callable[..., Any])
ENV = "VECMBOOK_CACHE"
#: when set, a file to which every cached function appends "name argument-hash" each time it
#: really computes (a cache miss): how the tests count the CSV reads and bootstraps of a build
TRACE = "VECMBOOK_TRACE"
#: what :func:`prune` keeps: the executed chapters most recently used (about 0.25 MB each) and,
#: for the current code, computed results up to this size (joblib's least recently used first)
CHAPTERS_KEPT = 200
RESULTS_BYTES = "1G"
#: nothing used more recently than this is removed, so a run going on beside this one keeps what it reads
IN_USE_SECONDS = 24 * 3600


def location() -> Path | None:
    """The cache folder, or None when caching is off (``VECMBOOK_CACHE=off``)."""
    value = os.environ.get(ENV, "")
    if value.lower() in {"off", "0", "none"}:
        return None
    return Path(value).expanduser().resolve() if value else REPO / ".cache"


@contextlib.contextmanager
def locked(folder: Path, name: str) -> Iterator[None]:
    """An exclusive ``flock`` on ``folder/locks/name.lock`` (released when the holder dies)."""
    locks = folder / "locks"
    locks.mkdir(parents=True, exist_ok=True)
    fd = os.open(locks / f"{name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


#: arguments that change how a computation reports or batches its work, never its result
#: (each function documents this), so they do not key the cache
PRESENTATION_ARGS = ("progress", "chunk")


@functools.cache
def code_version() -> str:
    """A hash of the package's source and tables: a change anywhere starts a fresh cache.

    joblib invalidates an entry when the cached function's own source changes, not when a
    function it calls does; keying the whole cache by the package's code covers both."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".npz"}:
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def cached(func: F) -> F:
    """``func`` memoised on disk, keyed by its arguments except :data:`PRESENTATION_ARGS`.

    The cache is looked up at call time, so ``VECMBOOK_CACHE`` set by the runner or a test
    takes effect in the process that calls.
    """
    name = f"{func.__module__}.{func.__qualname__}"
    signature = inspect.signature(func)
    ignore = [a for a in PRESENTATION_ARGS if a in signature.parameters]

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        folder = location()
        if folder is None:
            return func(*args, **kwargs)
        import joblib

        memo = joblib.Memory(folder / "joblib" / code_version(), verbose=0).cache(func, ignore=ignore)
        with locked(folder, name):
            if os.environ.get(TRACE) and not memo.check_call_in_cache(*args, **kwargs):
                call = signature.bind(*args, **kwargs)
                call.apply_defaults()
                key = joblib.hash({k: v for k, v in call.arguments.items() if k not in ignore})
                with open(os.environ[TRACE], "a", encoding="utf-8") as trace:
                    trace.write(f"{name} {key}\n")
            return memo(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


@contextlib.contextmanager
def off() -> Iterator[None]:
    """Compute without the cache inside the block: for many one-off computations (a grid's
    specifications), whose entries would never be read again and whose per-function lock would
    make parallel workers take turns."""
    previous = os.environ.get(ENV)
    os.environ[ENV] = "off"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = previous


def prune() -> None:
    """Keep the cache bounded after a run: the :data:`CHAPTERS_KEPT` executed chapters used most
    recently (a reused one is touched), the current code's results up to :data:`RESULTS_BYTES`
    (joblib's ``Memory.reduce_size``), and no results of other versions of the code (keyed by
    :func:`code_version`, which this code never reads). Entries used in the last
    :data:`IN_USE_SECONDS` are kept whatever the count. The cache only saves time, so a prune
    that fails (another run removed the same entry first) is given up, never the run."""
    folder = location()
    if folder is None:
        return
    import joblib

    stale = time.time() - IN_USE_SECONDS
    chapters, results = folder / "chapters", folder / "joblib"
    current = results / code_version()
    try:
        for trash in [*chapters.glob(f"{TRASH}*"), *results.glob(f"{TRASH}*")]:  # an interrupted prune's
            shutil.rmtree(trash, ignore_errors=True)
        if chapters.is_dir():
            kept = sorted((p for p in chapters.iterdir() if p.is_dir() and not p.name.startswith(".")),
                          key=lambda p: p.stat().st_mtime, reverse=True)
            for path in kept[CHAPTERS_KEPT:]:
                if path.stat().st_mtime < stale:
                    _discard(path)
        if current.is_dir():
            os.utime(current)  # marks this code's results as in use for a run of other code beside it
            joblib.Memory(current, verbose=0).reduce_size(bytes_limit=RESULTS_BYTES)
        if results.is_dir():
            for path in results.iterdir():
                if path != current and path.is_dir() and not path.name.startswith(".") \
                        and path.stat().st_mtime < stale:
                    _discard(path)
    except OSError:
        return


#: the prefix of an entry being removed (see :func:`_discard`)
TRASH = ".trash-"


def _discard(path: Path) -> None:
    """Remove a cache entry whole: renamed first (one atomic step, after which no lookup finds it),
    then deleted, so an interrupted prune leaves no half entry, only a folder the next one removes."""
    trash = path.with_name(TRASH + path.name)
    os.rename(path, trash)
    shutil.rmtree(trash, ignore_errors=True)


def clear() -> Path | None:
    """Empty the cache folder (``make clean``); return it, or None when caching is off."""
    folder = location()
    if folder is not None and folder.exists():
        shutil.rmtree(folder)
    return folder
