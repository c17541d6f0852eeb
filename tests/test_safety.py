"""Nothing lost, no traceback: output-folder safety, operating-system errors, interrupts, the
lock, permissions and degenerate data (issue 10).

The runs here execute one tiny chapter instead of the book (``runner.NOTEBOOKS`` pointed at a
folder of test notebooks, in process) so every path through the runner is exercised in
seconds; the signal tests run the real CLI in a subprocess.
"""
from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from vecmbook.__main__ import main
from vecmbook.pipeline import runner, validation
from vecmbook.pipeline.params import REPO, RunParameters

FAST = ["--boot", "0", "--no-html"]


def chapter(folder: Path, code: str = "x = 1") -> Path:
    """A one-chapter book: a parameters cell (declaring ``seed``, so ``--seed`` changes the
    chapter and a rerun executes it again) and ``code``."""
    folder.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("results_dir = None\nseed = 0", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(code),
    ])
    nb.metadata["kernelspec"] = {"name": "vecmbook", "display_name": "vecmbook", "language": "python"}
    nbformat.write(nb, str(folder / "01_tiny.ipynb"))
    return folder


@pytest.fixture
def tiny_book(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(runner, "NOTEBOOKS", chapter(tmp_path / "chapters"))
    return tmp_path


def cli_main(capsys, *args: str) -> tuple[int, list[str]]:
    """``python -m vecmbook`` in process: exit code and the lines it wrote to stderr."""
    code = main(list(args))
    return code, capsys.readouterr().err.strip().splitlines()


def one_error_line(lines: list[str], *needles: str) -> None:
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1 and errors == [lines[-1]], lines
    assert not any("Traceback" in line for line in lines), lines
    for needle in needles:
        assert needle in errors[0], (needle, errors[0])


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".staging-" in p.name or p.name.endswith(".lock")
                  or ".old-" in p.name)


# --- 2. --out never deletes a user's files ---------------------------------------------------

def test_folder_that_merely_looks_like_a_build_is_refused_and_kept(tiny_book, capsys):
    out = tiny_book / "thesis"
    (out / "chapters").mkdir(parents=True)
    for name, text in [("results.json", "{}"), ("parameters.json", "{}"), ("thesis.tex", "\\begin{document}")]:
        (out / name).write_text(text)
    (out / "chapters" / "one.tex").write_text("ch 1")
    code, lines = cli_main(capsys, "run", *FAST, "--out", str(out))
    assert code == 2
    one_error_line(lines, "--out", "not an earlier build")
    assert sorted(p.name for p in out.iterdir()) == ["chapters", "parameters.json", "results.json", "thesis.tex"]
    assert (out / "chapters" / "one.tex").read_text() == "ch 1" and leftovers(tiny_book) == []


def test_marked_build_holding_a_users_file_is_refused_naming_it(tiny_book, capsys):
    out = tiny_book / "out"
    assert cli_main(capsys, "run", *FAST, "--out", str(out))[0] == 0
    (out / "notes.md").write_text("my notes")
    (out / "notebooks" / "draft.ipynb").write_text("{}")
    code, lines = cli_main(capsys, "run", *FAST, "--out", str(out))
    assert code == 2
    one_error_line(lines, "did not write", "notebooks/draft.ipynb", "notes.md")
    assert (out / "notes.md").read_text() == "my notes"
    (out / "notes.md").unlink()
    (out / "notebooks" / "draft.ipynb").unlink()
    assert cli_main(capsys, "run", *FAST, "--out", str(out))[0] == 0  # its own files only: replaced


# --- 3. operating-system errors are one line, exit 2 ------------------------------------------

def test_data_that_is_a_folder_or_a_workbook_is_named_as_such(tmp_path, capsys):
    code, lines = cli_main(capsys, "run", *FAST, "--data", str(tmp_path), "--out", str(tmp_path / "o"))
    assert code == 2
    one_error_line(lines, str(tmp_path), "is a folder")
    book = tmp_path / "series.xlsx"
    book.write_bytes(b"PK\x03\x04" + b"\x00" * 60)
    code, lines = cli_main(capsys, "run", *FAST, "--data", str(book), "--out", str(tmp_path / "o"))
    assert code == 2
    one_error_line(lines, "series.xlsx", "Excel workbook", "export")


def test_unreadable_data_file(tmp_path, capsys, monkeypatch):
    """Root reads any file, so the refusal of the operating system is simulated."""
    data = tmp_path / "locked.csv"
    data.write_text((REPO / "data" / "dongguan_standin.csv").read_text())
    real = Path.read_bytes

    def read_bytes(self):
        if self == data:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, lines = cli_main(capsys, "run", *FAST, "--data", str(data), "--out", str(tmp_path / "o"))
    assert code == 2
    one_error_line(lines, f"error: {data}: Permission denied")


def test_out_below_a_regular_file(tiny_book, capsys):
    blocker = tiny_book / "afile"
    blocker.write_text("keep me")
    code, lines = cli_main(capsys, "run", *FAST, "--out", str(blocker / "sub" / "out"))
    assert code == 2
    one_error_line(lines, str(blocker), "is a file, not a folder")
    assert blocker.read_text() == "keep me"


def test_out_under_a_missing_parent_is_created_and_under_an_unwritable_one_refused(tiny_book, capsys,
                                                                                   monkeypatch):
    out = tiny_book / "runs" / "deep" / "lags2"  # the README's --out _runs/lags2 needs its parent made
    assert cli_main(capsys, "run", *FAST, "--out", str(out))[0] == 0
    assert (out / "results.json").is_file() and leftovers(out.parent) == []

    def refuse(prefix, dir):
        raise PermissionError(errno.EACCES, "Permission denied", dir)

    monkeypatch.setattr(runner.tempfile, "mkdtemp", refuse)
    other = tiny_book / "new" / "parents" / "out"
    code, lines = cli_main(capsys, "run", *FAST, "--out", str(other))
    assert code == 2
    one_error_line(lines, str(other.parent), "Permission denied")
    assert not (tiny_book / "new").exists()  # the parents this run created are gone again


def test_full_disk_leaves_nothing_and_the_previous_build(tiny_book, capsys, monkeypatch):
    out = tiny_book / "out"
    assert cli_main(capsys, "run", *FAST, "--out", str(out))[0] == 0
    before = (out / "results.json").read_bytes()

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(runner, "write_marker", full)
    code, lines = cli_main(capsys, "run", *FAST, "--seed", "7", "--out", str(out))
    assert code == 2
    one_error_line(lines, "no space left on device", "previous build is untouched")
    assert (out / "results.json").read_bytes() == before and leftovers(tiny_book) == []


def test_failed_final_swap_puts_the_earlier_build_back(tiny_book, capsys, monkeypatch):
    out = tiny_book / "out"
    assert cli_main(capsys, "run", *FAST, "--out", str(out))[0] == 0
    before = (out / "results.json").read_bytes()
    real = Path.rename

    def rename(self, target):
        if ".staging-" in self.name and Path(target) == out:
            raise OSError(errno.EIO, "Input/output error", str(self), str(target))
        return real(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    code, lines = cli_main(capsys, "run", *FAST, "--seed", "7", "--out", str(out))
    assert code == 2
    one_error_line(lines, "Input/output error")
    assert (out / "results.json").read_bytes() == before and leftovers(tiny_book) == []


# --- 4. failures, interrupts, the lock, permissions --------------------------------------------

def test_failed_chapter_removes_staging_unless_kept(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(runner, "NOTEBOOKS", chapter(tmp_path / "ch", "raise RuntimeError('boom')"))
    out = tmp_path / "out"
    code, lines = cli_main(capsys, "run", *FAST, "--out", str(out))
    assert code == 1
    one_error_line(lines, "01_tiny.ipynb failed in cell 2", "RuntimeError: boom", "--keep-failed")
    assert leftovers(tmp_path) == [] and not out.exists()
    code, lines = cli_main(capsys, "run", *FAST, "--keep-failed", "--out", str(out))
    kept = Path(lines[-1].split("the executed notebook is kept: ")[1])
    assert code == 1 and kept.is_file() and kept.name == "01_tiny.ipynb"  # where the message says
    assert "boom" in kept.read_text()


def test_second_run_into_the_same_folder_is_refused_and_a_stale_lock_taken_over(tiny_book, capsys):
    out = tiny_book / "out"
    with runner.output_lock(out):  # a first run holds the folder
        code, lines = cli_main(capsys, "run", *FAST, "--out", str(out))
        assert code == 2
        one_error_line(lines, str(out), f"another run (pid {os.getpid()})")
    assert not out.exists()
    # a lock file left by a process that no longer exists holds no flock: taken over
    out.with_name(f".{out.name}.lock").write_text("999999\n")
    assert cli_main(capsys, "run", *FAST, "--out", str(out))[0] == 0
    assert leftovers(tiny_book) == []


def test_built_files_are_readable_by_others(tiny_book, capsys):
    out = tiny_book / "out"
    old = os.umask(0o022)
    try:
        assert cli_main(capsys, "run", *FAST, "--out", str(out))[0] == 0
    finally:
        os.umask(old)
    for path in [out, *out.rglob("*")]:
        mode = path.stat().st_mode
        assert mode & stat.S_IROTH, path
        if path.is_dir():
            assert mode & stat.S_IXOTH, path


@pytest.mark.slow
@pytest.mark.parametrize("how, code, delay", [("SIGINT", 130, 3.0), ("SIGTERM", 143, 3.0),
                                              ("group SIGINT", 130, 3.0), ("SIGTERM", 143, 0.2),
                                              ("group SIGINT", 130, "html"), ("SIGTERM", 143, "html")])
def test_interrupt_prints_one_line_and_leaves_nothing(tmp_path, how, code, delay):
    """Ctrl-C (SIGINT to the whole process group, the kernel included), SIGINT or SIGTERM to the
    runner, sent while a chapter executes, (0.2 s) while its kernel starts, or ("html") when the
    book starts compiling: one line, exit 130/143, no staging folder or lock, no kernel, worker
    or Sphinx process left running, the previous build untouched."""
    out = tmp_path / "out"
    out.mkdir()
    (out / runner.MARKER).write_text(runner.MARKER_HEADER + "\n")
    (out / "results.json").write_text("previous")
    args = [a for a in FAST if a != "--no-html"] if delay == "html" else FAST
    proc = subprocess.Popen([sys.executable, "-m", "vecmbook", "run", *args, "--out", str(out)],
                            cwd=REPO, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while not any(".staging-" in p.name for p in tmp_path.iterdir()):
        assert proc.poll() is None and time.monotonic() < deadline, "the run ended before it could be interrupted"
        time.sleep(0.1)
    if delay == "html":
        while "building the HTML book" not in (line := proc.stderr.readline()):
            assert line, "the run ended before it compiled the book"
    else:
        time.sleep(delay)
    signum = signal.SIGTERM if how == "SIGTERM" else signal.SIGINT
    if how.startswith("group"):
        os.killpg(proc.pid, signum)
    else:
        proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    lines = err.strip().splitlines()
    assert lines[-1] == "interrupted; the previous build is untouched", err
    assert "Traceback" not in err and "DeadKernelError" not in err, err
    assert (out / "results.json").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    import psutil

    def cwd(proc):
        try:
            return proc.cwd()
        except psutil.Error:
            return ""

    def session(process: psutil.Process) -> int | None:
        """The process's session, None once it has ended (a zombie: ended, to be reaped by init)."""
        try:
            return None if process.status() == psutil.STATUS_ZOMBIE else os.getsid(process.pid)
        except (OSError, psutil.Error):
            return None

    assert not [p.pid for p in psutil.process_iter() if cwd(p).startswith(str(tmp_path))]  # no kernel left
    # no worker, no Sphinx; multiprocessing's resource tracker ends by itself once the run has
    # (its pipe closes), so a process of the session gets a few seconds to finish ending
    _, left = psutil.wait_procs([p for p in psutil.process_iter() if session(p) == proc.pid], timeout=10)
    assert not [p for p in left if session(p) == proc.pid], [(p.pid, p.name()) for p in left]


def test_stopping_the_runs_processes_leaves_them_to_be_reaped_by_their_owner():
    """stop_kernels kills the run's processes but does not reap its own children: a process pool
    whose worker was reaped behind its back kept seeing it alive and spun at the run's exit,
    after the run's last line (the SIGTERM case above timed out in CI that way). A killed
    multiprocessing child must still be seen to end, by SIGKILL, through its own handle."""
    import multiprocessing

    child = multiprocessing.get_context("spawn").Process(target=time.sleep, args=(60,))
    child.start()
    runner.stop_kernels()
    child.join(timeout=10)
    assert not child.is_alive() and child.exitcode == -signal.SIGKILL


# --- 5. degenerate data is rejected up front, naming the column ----------------------------------

def standin_copy(tmp_path: Path, change) -> Path:
    frame = pd.read_csv(REPO / "data" / "dongguan_standin.csv", dtype={0: str})
    change(frame)
    path = tmp_path / "my.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("change, needles", [
    (lambda f: f.__setitem__("FDI", 5.0), ["'LFDI' is constant"]),
    (lambda f: f.__setitem__("GDP", f["FDI"] * 3.0), ["LGDP", "LFDI", "collinear in levels"]),
    (lambda f: f.__setitem__("GDP", f["FDI"] * np.exp(0.05 * np.arange(len(f)))),
     ["LGDP", "LFDI", "collinear in first differences"]),
    (lambda f: f.__setitem__("GDP", np.exp(0.1 * np.arange(len(f)))), ["'LGDP' is constant in first differences"]),
])
def test_degenerate_columns_are_refused_before_anything_runs(tmp_path, change, needles):
    path = standin_copy(tmp_path, change)
    with pytest.raises(ValueError) as exc:
        validation.validate(RunParameters(data=str(path)))
    text = str(exc.value)
    assert text.startswith("my.csv (1995–2024):") and "\n" not in text
    for needle in needles:
        assert needle in text


def test_overflowing_value_and_one_variable(tmp_path, capsys):
    path = standin_copy(tmp_path, lambda f: None)
    lines = path.read_text().splitlines()
    first = lines[1].split(",")
    first[3] = "1e400"
    lines[1] = ",".join(first)
    path.write_text("\n".join(lines) + "\n")
    code, err = cli_main(capsys, "run", *FAST, "--data", str(path), "--out", str(tmp_path / "o"))
    assert code == 2
    one_error_line(err, "my.csv, line 2", "1e400", "too large")
    code, err = cli_main(capsys, "run", *FAST, "--vars", "FDI", "--out", str(tmp_path / "o"))
    assert code == 2
    one_error_line(err, "--vars FDI", "at least two variables")
    assert not (tmp_path / "o").exists()


# --- 6. real names in figures -------------------------------------------------------------------

def cjk_copy(tmp_path: Path) -> Path:
    path = tmp_path / "yearbook.csv"
    frame = pd.read_csv(REPO / "data" / "dongguan_standin.csv", dtype={0: str})
    frame.columns = ["年份", "机电出口占比", "一般贸易占比", "外资", "地区生产总值"]
    frame.to_csv(path, index=False)
    return path


def test_chinese_names_draw_with_a_cjk_font():
    import warnings

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from vecmbook.report import fonts

    if fonts.cjk_family() is None:
        pytest.skip(f"no CJK font on this machine; {fonts.INSTALL_HINT} (.ci/run does)")
    assert fonts.use_cjk_fallback() == fonts.cjk_family()
    fig, ax = plt.subplots()
    ax.set_title("外资 and 地区生产总值")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    plt.close(fig)
    assert not [w for w in caught if "missing from font" in str(w.message)], [str(w.message) for w in caught]


def test_without_a_cjk_font_the_run_says_so_once(tiny_book, capsys, monkeypatch):
    from vecmbook.report import fonts

    monkeypatch.setattr(fonts, "cjk_family", lambda: None)
    data = cjk_copy(tiny_book)
    names = "机电出口占比,一般贸易占比,外资,地区生产总值"
    code, lines = cli_main(capsys, "run", *FAST, "--data", str(data), "--vars", names, "--out", str(tiny_book / "out"))
    assert code == 0
    warned = [line for line in lines if "CJK" in line]
    assert len(warned) == 1 and "fonts-noto-cjk" in warned[0] and "外资" in warned[0]
    assert fonts.missing_font_warning(["LFDI", "LGDP"]) is None
