"""The run's cache (vecmbook.pipeline.cache): a computation runs once for its inputs, even when
two processes ask for it at the same time; switched off it always computes; the runner keeps
builds out of it."""
from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest

from vecmbook.pipeline import cache, runner
from vecmbook.pipeline.params import ParameterError


def slow_square(x: int, log: str, progress: bool = True) -> int:
    """Appends ``x`` to ``log`` each time it really runs (``progress`` must not key the cache)."""
    with open(log, "a", encoding="utf-8") as f:
        f.write(f"{x}\n")
    time.sleep(0.5)
    return x * x


def _call(folder: str, x: int, log: str) -> int:
    import os

    os.environ[cache.ENV] = folder
    return cache.cached(slow_square)(x, log)


def test_a_second_call_reads_the_first(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path / "c"))
    log = str(tmp_path / "log")
    square = cache.cached(slow_square)
    assert square(3, log) == 9
    assert square(3, log, progress=False) == 9  # a presentation argument: same entry
    assert square(4, log) == 16
    assert Path(log).read_text().split() == ["3", "4"]
    assert (tmp_path / "c" / "joblib" / cache.code_version()).is_dir()


def test_off_computes_every_time_and_trace_names_each_computation(tmp_path, monkeypatch):
    log, trace = str(tmp_path / "log"), tmp_path / "trace"
    monkeypatch.setenv(cache.ENV, "off")
    assert cache.location() is None
    cache.cached(slow_square)(2, log)
    cache.cached(slow_square)(2, log)
    assert Path(log).read_text().split() == ["2", "2"]
    monkeypatch.setenv(cache.ENV, str(tmp_path / "c"))
    monkeypatch.setenv(cache.TRACE, str(trace))
    for _ in range(3):
        cache.cached(slow_square)(7, log)
    lines = trace.read_text().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{__name__}.slow_square ")
    cache.cached(slow_square)(8, log)
    names, keys = zip(*(line.split() for line in trace.read_text().splitlines()))
    assert names == (f"{__name__}.slow_square",) * 2 and len(set(keys)) == 2  # the arguments' hash


def test_two_processes_asking_at_once_compute_once(tmp_path):
    """Two chapters executing in parallel that need the same bootstrap: the second waits for
    the first (the per-function lock) and reads its entry instead of drawing it again."""
    log = str(tmp_path / "log")
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        values = pool.starmap(_call, [(str(tmp_path / "c"), 5, log)] * 2)
    assert values == [25, 25]
    assert Path(log).read_text().split() == ["5"]


def test_clear_empties_the_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path / "c"))
    cache.cached(slow_square)(1, str(tmp_path / "log"))
    assert cache.clear() == tmp_path / "c"
    assert not (tmp_path / "c").exists()


def test_prune_keeps_recent_chapters_and_only_the_current_codes_results(tmp_path, monkeypatch):
    """The cache stays bounded: beyond CHAPTERS_KEPT, chapters unused for a day go, least
    recently used first; results of another code version go once unused for a day."""
    import os

    monkeypatch.setenv(cache.ENV, str(tmp_path / "c"))
    monkeypatch.setattr(cache, "CHAPTERS_KEPT", 3)
    log = str(tmp_path / "log")
    cache.cached(slow_square)(6, log)
    old = time.time() - 2 * cache.IN_USE_SECONDS
    chapters = tmp_path / "c" / "chapters"
    for i in range(6):  # ch0 least recently used ... ch5 most; ch5 used just now
        (chapters / f"ch{i}").mkdir(parents=True)
        if i < 5:
            os.utime(chapters / f"ch{i}", (old + i, old + i))
    (chapters / "seconds.json").write_text("{}")
    (chapters / f"{cache.TRASH}ch9" / "notebooks").mkdir(parents=True)  # left by an interrupted prune
    for name, when in (("oldcode", old), ("othercode", time.time())):
        (tmp_path / "c" / "joblib" / name).mkdir()
        os.utime(tmp_path / "c" / "joblib" / name, (when, when))
    cache.prune()
    assert sorted(p.name for p in chapters.iterdir()) == ["ch3", "ch4", "ch5", "seconds.json"]
    assert sorted(p.name for p in (tmp_path / "c" / "joblib").iterdir()) == sorted([cache.code_version(), "othercode"])
    cache.cached(slow_square)(6, log)  # the current code's result is still read back
    assert Path(log).read_text().split() == ["6"]


@pytest.mark.parametrize("where", ["inside", "around", "same"])
def test_a_build_may_not_be_inside_the_cache_or_contain_it(tmp_path, monkeypatch, where):
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(folder))
    out = {"inside": folder / "build", "around": tmp_path, "same": folder}[where]
    with pytest.raises(ParameterError, match="cache"):
        runner.check_out(out)
