"""``python -m vecmbook run``: validate, execute the notebooks, build the book.

Everything is produced in a staging folder beside the output folder and swapped
in only when every step succeeded, so a failed run never damages the last good
build.
"""
from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import results
from .analysis import validate
from .params import REPO, ParameterError, RunParameters

NOTEBOOKS = REPO / "notebooks"
BOOK_SOURCES = ["_config.yml", "_toc.yml", "book", "references.bib"]
KERNEL = "vecmbook"
MARKER = ".vecmbook-build"  # written into every build; only folders carrying it are ever replaced


class RunError(RuntimeError):
    """A step of the run failed; the message says which and why."""


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

    # the kernel imports vecmbook from this checkout even where the venv has no .pth for it
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if str(REPO) not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), *paths]))
    declared = declared_parameters(source)
    chosen = {k: v for k, v in values.items() if k in declared}
    try:
        pm.execute_notebook(
            str(source), str(target), parameters=chosen, kernel_name=KERNEL,
            cwd=str(target.parent), progress_bar=sys.stderr.isatty(), log_output=False,
            # the local kernel talks over loopback TCP; its start-up warning about that is noise here
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
        present_parameters(target)
    except PapermillExecutionError as exc:
        first = next((line.strip() for line in (exc.source or "").splitlines() if line.strip()), "")
        message = exc.evalue.splitlines()[0] if exc.evalue else ""
        raise RunError(
            f"notebook {source.name} failed in cell {exc.cell_index} of the executed copy "
            f"(In [{exc.exec_count}], starting {first[:60]!r}): {exc.ename}: {message} "
            f"(executed copy: {target})"
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


def is_build(folder: Path) -> bool:
    """True for a folder this runner produced (its marker, or results.json + parameters.json
    as written by builds older than the marker)."""
    legacy = all((folder / f).is_file() for f in ("results.json", "parameters.json"))
    return (folder / MARKER).is_file() or legacy


def check_out(out: Path) -> None:
    """Refuse an output folder whose replacement would delete anything but an earlier build.

    ``--out`` is replaced wholesale, so it must be new, empty, or a previous build; it may
    not be the repository, contain it, or lie inside one of its source folders.
    """
    out = out.resolve()
    if out == REPO or out in REPO.parents:
        raise ParameterError(f"--out {out}: refusing to replace a folder that contains the repository")
    for name in ["book", "data", "notebooks", "vecmbook", "tests", "scripts", "benchmarks", ".git"]:
        if out == REPO / name or (REPO / name) in out.parents:
            raise ParameterError(f"--out {out}: refusing to write a build into the source folder {name}/")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not is_build(out))):
        raise ParameterError(f"--out {out}: exists and is not an earlier build of this book "
                             f"(no {MARKER}); choose a new folder or remove it yourself")


def swap_into(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` (keeping the old build until the new one is in place)."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        out.rename(old)
    staging.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def run(params: RunParameters, out: Path, html: bool = True, strict: bool = False) -> Path:
    """Validate, execute every notebook, write results and (optionally) the HTML book."""
    dataset = validate(params)
    out = out.resolve()
    check_out(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
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
        shutil.rmtree(fragments, ignore_errors=True)
        if html:
            started = time.monotonic()
            log("building the HTML book ...")
            built = build_html(src, strict)
            built.rename(staging / "html")
            log(f"HTML built in {time.monotonic() - started:.1f} s")
        shutil.move(str(src / "notebooks"), staging / "notebooks")
        shutil.rmtree(src)
        (staging / MARKER).write_text("built by python -m vecmbook run; replaced by the next run into this folder\n")
    except BaseException:
        log(f"run failed; the previous contents of {out} are untouched (partial work: {staging})")
        raise
    swap_into(staging, out)
    log(f"done: {out / 'results.json'}" + (f", {out / 'html' / 'index.html'}" if html else ""))
    return out


def load_results(out: Path) -> dict:
    """Read a run's results.json."""
    return json.loads((Path(out) / "results.json").read_text())
