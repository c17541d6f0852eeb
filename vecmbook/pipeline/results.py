"""results.json: fragments written by the notebooks, merged by the runner.

Each notebook records its own section (``unit_roots``, ``johansen``, ...) as a
fragment file; the runner merges them with the parameters and the dataset
description. Serialisation is canonical (sorted keys, floats rounded to 12
significant digits) so the same parameters and seed give the same bytes.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

SIGNIFICANT = 12
#: bumped when a key of results.json changes meaning or is removed (book/rerun.md lists the keys)
SCHEMA_VERSION = 2


def plain(value: Any) -> Any:
    """Convert numpy scalars/arrays and tuples to JSON-ready Python values."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, (np.integer, bool, np.bool_)):
        return value.item() if isinstance(value, np.generic) else value
    if isinstance(value, (float, np.floating)):
        x = float(value)
        if not math.isfinite(x):
            return None
        return float(f"{x:.{SIGNIFICANT}g}") + 0.0  # + 0.0 turns -0.0 into 0.0
    return value


def dumps(obj: Any) -> str:
    """Canonical JSON text (sorted keys, rounded floats, trailing newline)."""
    return json.dumps(plain(obj), sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def record(results_dir: str | None, section: str, value: Any) -> None:
    """Write one section of results.json as a fragment (no-op when ``results_dir`` is None)."""
    if not results_dir:
        return
    path = Path(results_dir) / f"{section}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(value), encoding="utf-8")


def assemble(fragments_dir: Path, base: dict) -> dict:
    """Merge every fragment in ``fragments_dir`` (one folder per chapter) into ``base``
    (section name = file stem; a section recorded by two chapters is an error)."""
    merged = dict(base)
    for path in sorted(Path(fragments_dir).glob("*/*.json")):
        if path.stem in merged:
            raise ValueError(f"results section {path.stem!r} recorded twice ({path.parent.name})")
        merged[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return merged
