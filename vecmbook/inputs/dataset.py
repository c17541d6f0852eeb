"""Load and validate the model data; check that the model fits the sample.

Any CSV whose first column is the period (years like ``1995`` or quarters like
``1974Q1``) and whose other columns are numeric. Every problem is reported as a
:class:`DataError` with a one-line message naming the file and the line, column or
parameter at fault, so the command line can print it without a traceback.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from vecmbook.econometrics.johansen import check_case, min_effective_obs
from vecmbook.paths import PUBLISHED_CSVS, REPO, STANDIN_CSV

#: Share rule of :func:`load_dataset` (documented in data/README.md): a selected variable
#: (``--vars``) whose column name starts with this prefix, compared case-insensitively
#: (EXS1, EXS2, exs_me, ...), is a share and must lie in (0, 1] in every period of the
#: sample, whatever ``--transform``; other columns are not checked as shares. The
#: Python argument ``share_columns`` replaces the rule (``[]`` checks none).
SHARE_PREFIX = "EXS"
TRANSFORMS = ("log", "none")
#: the three kinds of dataset (:attr:`Dataset.kind`): the shipped stand-in, a published study's
#: own data shipped with the book (:data:`vecmbook.paths.PUBLISHED_CSVS`), and any other file
STANDIN, PUBLISHED, USER = "stand-in", "published study's data", "user"

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")
#: largest |value| whose squares and cross products (the moment matrices) stay finite
_LARGEST = 1e150
#: a standardised sample whose smallest singular value is below √eps · the largest gives moment
#: matrices (which square the condition number) singular to working precision
_COLLINEAR = np.sqrt(np.finfo(float).eps)
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


class DataError(ValueError):
    """The data or a data-related parameter is invalid; the message names file and place."""


@dataclass(frozen=True)
class Dataset:
    """A validated sample.

    ``frame``: model variables (``L<name>`` when ``transform="log"``) indexed by period
    label; ``raw``: the same rows and columns untransformed, under their file names;
    ``kind``: :data:`STANDIN` when the file is byte-identical to the shipped stand-in,
    :data:`PUBLISHED` when it is byte-identical to a published study's shipped data, else
    :data:`USER`.
    """

    frame: pd.DataFrame
    raw: pd.DataFrame
    path: str
    sha256: str
    kind: str
    frequency: str
    transform: str
    variables: list[str]

    @property
    def rows(self) -> int:
        return len(self.frame)

    @property
    def label(self) -> str:
        """The file as pages show it: relative to the repository inside it, else its name alone
        (no build machine's folders in a page)."""
        resolved = Path(self.path).resolve()
        return str(resolved.relative_to(REPO)) if resolved.is_relative_to(REPO) else resolved.name

    @property
    def periods(self) -> list[str]:
        return [str(p) for p in self.frame.index]

    @property
    def first_period(self) -> str:
        return self.periods[0]

    @property
    def last_period(self) -> str:
        return self.periods[-1]


def parse_period(text: str) -> tuple[str, int] | None:
    """``("annual", year)`` or ``("quarterly", 4*year + quarter - 1)``; None if neither."""
    if m := _YEAR.match(text):
        return "annual", int(m.group(1))
    if m := _QUARTER.match(text):
        return "quarterly", 4 * int(m.group(1)) + int(m.group(2)) - 1
    return None


def period_label(frequency: str, ordinal: int) -> str:
    """Inverse of :func:`parse_period`: ``1995`` or ``1974Q1``."""
    return str(ordinal) if frequency == "annual" else f"{ordinal // 4}Q{ordinal % 4 + 1}"


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dataset_kind(sha256: str) -> str:
    """Which of the three kinds a file with this hash is (by content, not by name)."""
    if STANDIN_CSV.is_file() and file_sha256(STANDIN_CSV) == sha256:
        return STANDIN
    if any(p.is_file() and file_sha256(p) == sha256 for p in PUBLISHED_CSVS):
        return PUBLISHED
    return USER


def read_csv_rows(path: str | Path) -> tuple[bytes, list[str], list[tuple[int, list[str]]]]:
    """Bytes, header and ``(line number, fields)`` of every non-blank data row.

    Strict: UTF-8 text, a header with a period column and at least one more, unique
    column names, the same number of fields on every line.
    """
    path = Path(path)
    name = path.name
    if path.is_dir():
        raise DataError(f"{path}: is a folder, not a CSV file")
    if not path.is_file():
        raise DataError(f"{path}: data file not found")
    data = path.read_bytes()
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # zip (xlsx, ods) and OLE2 (xls) signatures
        kind = "an Excel workbook" if path.suffix.lower() in {".xlsx", ".xlsm", ".xls"} else "a zip or Office file"
        raise DataError(f"{name}: is {kind}, not a CSV file; export the sheet as CSV (UTF-8) and pass that")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"{name}: cannot read as CSV: not UTF-8 text (byte {exc.start})") from None
    if "\x00" in text:
        raise DataError(f"{name}: cannot read as CSV: it contains NUL bytes (a binary file?)")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    try:
        for fields in reader:
            if any(f.strip() for f in fields):
                rows.append((reader.line_num, [f.strip() for f in fields]))
    except csv.Error as exc:
        raise DataError(f"{name}, line {reader.line_num}: cannot read as CSV: {exc}") from None
    if not rows:
        raise DataError(f"{name}: the file is empty")
    (_, header), body = rows[0], rows[1:]
    if len(header) < 2:
        raise DataError(f"{name}: cannot read as CSV: the header needs a period column and at least one "
                        f"data column (found {len(header)} column; is the separator a comma?)")
    seen: set[str] = set()
    for col in header[1:]:
        if not col:
            raise DataError(f"{name}, line 1: a column has no name")
        if col in seen:
            raise DataError(f"{name}, line 1: column {col!r} appears twice")
        seen.add(col)
    for line, fields in body:
        if len(fields) != len(header):
            raise DataError(f"{name}, line {line}: cannot read as CSV: {len(fields)} fields, "
                            f"but the header has {len(header)}")
    if not body:
        raise DataError(f"{name}: no data rows below the header")
    return data, header, body


def check_periods(name: str, labels: list[str], lines: list[int]) -> tuple[str, list[int]]:
    """Frequency and ordinals of consecutive, increasing, gap-free periods."""
    parsed = []
    for text, line in zip(labels, lines):
        p = parse_period(text)
        if p is None:
            raise DataError(f"{name}, line {line}: period {text!r} is neither a year (1995) nor a quarter (1974Q1)")
        parsed.append(p)
    frequency = parsed[0][0]
    first_line: dict[int, int] = {}
    for i, ((freq, ordinal), line) in enumerate(zip(parsed, lines)):
        if freq != frequency:
            raise DataError(f"{name}, line {line}: period {labels[i]!r} is {freq} but the file starts {frequency}")
        if ordinal in first_line:
            raise DataError(f"{name}, line {line}: duplicate period {labels[i]} (first on line {first_line[ordinal]})")
        first_line[ordinal] = line
    ordinals = [o for _, o in parsed]
    for i in range(1, len(ordinals)):  # order before gaps: a swap is reported as a swap
        if ordinals[i] < ordinals[i - 1]:
            raise DataError(f"{name}, line {lines[i]}: period {labels[i]} comes after {labels[i - 1]}; "
                            f"periods must increase")
    for i in range(1, len(ordinals)):
        if ordinals[i] > ordinals[i - 1] + 1:
            missing = period_label(frequency, ordinals[i - 1] + 1)
            raise DataError(f"{name}, line {lines[i]}: gap in the periods, {missing} is missing between "
                            f"{labels[i - 1]} and {labels[i]}")
    return frequency, ordinals


def _sample_bound(name: str, option: str, value: str | int | None, frequency: str,
                  ordinals: list[int], default: int) -> int:
    if value is None:
        return default
    p = parse_period(str(value).strip())
    lo, hi = period_label(frequency, ordinals[0]), period_label(frequency, ordinals[-1])
    if p is None or p[0] != frequency:
        article = "an" if frequency == "annual" else "a"
        raise DataError(f"{name}: --{option} {value!r} is not {article} {frequency} period like {lo}")
    if not ordinals[0] <= p[1] <= ordinals[-1]:
        raise DataError(f"{name}: --{option} {value} is outside the data ({lo}–{hi})")
    return p[1]


def parse_number(name: str, text: str, line: int, col: str, period: str) -> float:
    """``float(text)``, or DataError naming file, line, column and period."""
    where = f"{name}, line {line}, column {col!r} (period {period})"
    if not text:
        raise DataError(f"{where}: empty cell")
    if not _NUMBER.match(text):
        raise DataError(f"{where}: {text!r} is not a number")
    value = float(text)
    if not np.isfinite(value) or abs(value) > _LARGEST:
        raise DataError(f"{where}: {text} is too large: its square overflows a double (|x| must be below "
                        f"{_LARGEST:.0e}); rescale the column")
    return value


def share_variables(variables: list[str]) -> list[str]:
    """The variables the loader checks as shares by default: names starting with ``EXS`` (any case)."""
    return [v for v in variables if v.upper().startswith(SHARE_PREFIX)]


def load_dataset(path: str | Path, variables: list[str], transform: str = "log",
                 start: str | int | None = None, end: str | int | None = None,
                 share_columns: list[str] | None = None) -> Dataset:
    """Read ``path``, select ``variables`` and the sample ``start``..``end``, validate, transform.

    Period structure is checked on the whole file; cell values only within the
    selected columns and sample. ``share_columns`` (default: the selected variables
    whose names start with ``EXS``) must lie in (0, 1]; pass ``[]`` to check none.
    """
    path = Path(path)
    name = path.name
    if transform not in TRANSFORMS:
        raise ValueError(f"{name}: --transform must be one of {', '.join(TRANSFORMS)}, got {transform!r}")
    variables = list(variables)
    if not variables:
        raise DataError(f"{name}: --vars must name at least one variable")
    data, header, body = read_csv_rows(path)
    for v in variables:
        if v == header[0]:
            raise DataError(f"{name}: {v!r} is the period column, not a variable (--vars)")
        if v not in header[1:]:
            raise DataError(f"{name}: column {v!r} not found (columns: {', '.join(header[1:])})")
        if variables.count(v) > 1:
            raise DataError(f"{name}: --vars names column {v!r} twice")
    shares = share_variables(variables) if share_columns is None else list(share_columns)
    for s in shares:
        if s not in variables:
            raise DataError(f"{name}: share_columns: {s!r} is not one of the selected variables "
                            f"({', '.join(variables)})")

    lines = [line for line, _ in body]
    labels = [fields[0] for _, fields in body]
    frequency, ordinals = check_periods(name, labels, lines)
    lo = _sample_bound(name, "start", start, frequency, ordinals, ordinals[0])
    hi = _sample_bound(name, "end", end, frequency, ordinals, ordinals[-1])
    if lo > hi:
        raise DataError(f"{name}: --start {start} is after --end {end}")
    rows = [i for i, o in enumerate(ordinals) if lo <= o <= hi]

    cols = [header.index(v) for v in variables]
    values = np.empty((len(rows), len(variables)))
    for a, i in enumerate(rows):
        line, fields = body[i]
        label = period_label(frequency, ordinals[i])
        for b, (v, j) in enumerate(zip(variables, cols)):
            x = parse_number(name, fields[j], line, v, label)
            where = f"{name}, line {line}, column {v!r} (period {label})"
            if v in shares and not 0 < x <= 1:
                raise DataError(f"{where}: share {fields[j]} is outside (0, 1]")
            if transform == "log" and x <= 0:
                raise DataError(f"{where}: {fields[j]} is not positive, so its log is undefined (--transform log)")
            values[a, b] = x

    index = pd.Index([period_label(frequency, ordinals[i]) for i in rows], name="period")
    raw = pd.DataFrame(values, index=index, columns=variables)
    if transform == "log":
        frame = np.log(raw).rename(columns=lambda c: f"L{c}")
    else:
        frame = raw.copy()
    sha = hashlib.sha256(data).hexdigest()
    return Dataset(frame=frame, raw=raw, path=str(path), sha256=sha, kind=dataset_kind(sha), frequency=frequency,
                   transform=transform, variables=variables)


def _dependent_columns(x: np.ndarray, names: list[str]) -> list[str] | None:
    """Columns of ``x`` (T, K) that are linearly dependent once centred, or None if they are not.

    Each centred column is scaled to unit length, so the test is scale-free; a smallest
    singular value below √eps (:data:`_COLLINEAR`) times the largest counts as zero. The
    columns named are those with a weight of at least 1 % in the null vector.
    """
    z = x - x.mean(axis=0)
    z = z / np.linalg.norm(z, axis=0)
    _, sv, vt = np.linalg.svd(z, full_matrices=False)
    if len(sv) < z.shape[1] or sv[-1] <= _COLLINEAR * sv[0]:
        weights = np.abs(vt[-1])
        return [n for n, w in zip(names, weights) if w >= 0.01 * weights.max()]
    return None


def check_degenerate(source: str, frame: pd.DataFrame) -> None:
    """Refuse model variables no VECM can be estimated from, naming the columns.

    A column constant over the sample, or one whose first differences are constant (a pure
    linear trend), has no stochastic part; columns that are exactly linear combinations of
    each other (with a constant), in levels or in differences, make S11 or S00 singular
    (Johansen 1995, ch. 6 needs both non-singular). ``source`` names file and sample.
    """
    names = list(frame.columns)
    x = frame.to_numpy(dtype=float)
    dx = np.diff(x, axis=0)
    for form, values in (("levels", x), ("first differences", dx)):
        for j, n in enumerate(names):
            if np.ptp(values[:, j]) <= _COLLINEAR * np.abs(values[:, j]).max():  # constant up to rounding
                what = "constant" if form == "levels" else "constant in first differences (a pure linear trend)"
                raise DataError(f"{source}: column {n!r} is {what}; it has no stochastic part for a VECM "
                                f"to model: drop it from --vars")
        if len(names) > 1 and (dependent := _dependent_columns(values, names)) is not None:
            raise DataError(f"{source}: columns {', '.join(dependent)} are perfectly collinear in {form} "
                            f"(one is a linear combination of the others and a constant), so the moment "
                            f"matrices of the VECM are singular: drop one of them from --vars")


def load_columns(dataset: Dataset, columns: list[str], option: str = "--exog") -> np.ndarray:
    """Untransformed values (N, m) of further ``columns`` of ``dataset``'s file over its sample.

    Each must be a data column of the file, not one of the model variables, and numeric in
    every period of the sample (errors name file, line, column and period).
    """
    name = Path(dataset.path).name
    _, header, body = read_csv_rows(dataset.path)
    for c in columns:
        if c == header[0]:
            raise DataError(f"{name}: {option} {c!r} is the period column, not a data column")
        if c not in header[1:]:
            raise DataError(f"{name}: {option} column {c!r} not found (columns: {', '.join(header[1:])})")
        if c in dataset.variables:
            raise DataError(f"{name}: {option} column {c!r} is also a model variable (--vars)")
    wanted = {p: i for i, p in enumerate(dataset.periods)}
    out = np.empty((len(wanted), len(columns)))
    for line, fields in body:
        label = period_label(*parse_period(fields[0]))
        if label in wanted:
            for j, c in enumerate(columns):
                out[wanted[label], j] = parse_number(name, fields[header.index(c)], line, c, label)
    return out


def min_observations(k: int, lags: int, case: int, n_exog: int = 0) -> int:
    """Smallest sample N (in levels) for a Johansen analysis of K variables with p lagged differences.

    N = T + p + 1 with T the minimum of :func:`vecmbook.econometrics.johansen.min_effective_obs`,
    T ≥ K(p + 2) + m1 + m2 (Johansen 1995, ch. 6), ``n_exog`` unrestricted exogenous columns
    (dummies, ``--exog``) counting in m2. This also keeps S11, S00 and the rank-r residual
    covariance (r + K p + m2 regressors, r < K) non-singular.
    """
    check_case(case)
    if k < 1:
        raise ValueError(f"the model needs at least one variable, got {k}")
    if lags < 0:
        raise ValueError(f"--lags must be >= 0, got {lags}")
    return min_effective_obs(k, lags, case, n_exog) + lags + 1


def _prefix(source: str | None) -> str:
    return f"{source}: " if source else ""


def check_rank(rank: int, k: int, source: str | None = None) -> int:
    """Return ``rank`` if 0 ≤ rank < K.

    Rank K would make the levels VAR stationary: there is no common trend and the
    error-correction form is not the model estimated here. ``source`` (e.g. the data
    file's name) starts the message when given.
    """
    if rank < 0:
        raise ValueError(f"{_prefix(source)}--rank must be >= 0, got {rank}")
    if rank >= k:
        raise ValueError(f"{_prefix(source)}--rank {rank} is not below the number of variables ({k}): rank {k} "
                         f"would be a stationary VAR, not a VECM; use 0..{k - 1}")
    return rank


def check_model_size(n_obs: int, k: int, lags: int, case: int, rank: int | None = None,
                     source: str = "the data", n_exog: int = 0) -> None:
    """Raise :class:`DataError` when ``n_obs`` is below :func:`min_observations` (and check ``rank``).

    ``source`` names the file and sample in the message, e.g. "my.csv (2005–2024)".
    """
    if rank is not None:
        check_rank(rank, k, source)
    need = min_observations(k, lags, case, n_exog)
    if n_obs < need:
        t_min = need - lags - 1
        extra = f" and {n_exog} exogenous columns" if n_exog else ""
        raise DataError(
            f"{source}: too few observations: the sample has {n_obs}, but {k} variables with --lags {lags}{extra} and "
            f"--deterministic {case} need at least {need} (T = N - lags - 1 >= {t_min} effective "
            f"observations for the Johansen test)")


def check_ordering(order_names: list[str], variables: list[str], transform: str = "log",
                   source: str | None = None) -> list[int]:
    """Indices into ``variables`` of the Cholesky ordering ``order_names``.

    Names match case-insensitively; with ``transform="log"`` both the file name and
    the model name are accepted ("FDI" and "LFDI"). ``source`` (e.g. the data file's
    name) starts error messages when given.
    """
    pre = _prefix(source)
    aliases: dict[str, int] = {}
    for i, v in enumerate(variables):
        names = {v.upper()}
        if transform == "log":
            names.add(v[1:].upper() if v.upper().startswith("L") else f"L{v}".upper())
        for n in names:
            aliases.setdefault(n, i)
    out: list[int] = []
    for n in order_names:
        i = aliases.get(n.strip().upper())
        if i is None:
            raise DataError(f"{pre}--ordering: unknown variable {n!r} (variables: {', '.join(variables)})")
        if i in out:
            raise DataError(f"{pre}--ordering: {variables[i]} appears twice")
        out.append(i)
    if len(out) != len(variables):
        missing = [variables[i] for i in range(len(variables)) if i not in out]
        raise DataError(f"{pre}--ordering must name every variable once; missing {', '.join(missing)}")
    return out
