"""Command line: ``python -m vecmbook run``, ``python -m vecmbook grid`` and ``python -m vecmbook yearbook``.

Bad input and operating-system errors (a file that cannot be read, a folder that cannot be
written, a full disk) end with a one-line ``error:`` message and exit code 2; a failing step
(a notebook, the HTML build) with exit code 1; SIGINT / SIGTERM with one line and exit code
130 / 143. No tracebacks for any of them.
"""
from __future__ import annotations

import sys
from pathlib import Path

from vecmbook.pipeline.params import OneLineParser

USAGE = """usage: python -m vecmbook COMMAND [options]

commands:
  run        run the analysis and build the book (python -m vecmbook run --help)
  grid       estimate every combination of lags, case, ordering and sample; write grid.json and
             grid.csv (python -m vecmbook grid --help)
  yearbook   turn a filled data/yearbook_template.csv into a model dataset
             (python -m vecmbook yearbook --help)"""


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"}:
        print(USAGE)
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    from vecmbook.inputs.dataset import DataError
    from vecmbook.pipeline.params import ParameterError
    from vecmbook.pipeline.runner import Interrupted, RunError

    try:
        if command == "run":
            from vecmbook.pipeline.params import parse_args
            from vecmbook.pipeline.runner import run

            params, ns = parse_args(rest)
            run(params, Path(ns.out), html=not ns.no_html, strict=ns.strict, keep_failed=ns.keep_failed,
                jobs=ns.jobs, fresh_kernels=ns.fresh_kernels)
        elif command == "grid":
            from vecmbook.pipeline import grid

            spec, ns = grid.parse_args(rest)
            grid.run_grid(spec, Path(ns.out), backend=ns.backend, scheduler=ns.scheduler, n_jobs=ns.jobs or -1)
        elif command == "yearbook":
            return main_yearbook(rest)
        else:
            print(f"error: unknown command {command!r}\n{USAGE}", file=sys.stderr)
            return 2
    except (ParameterError, DataError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename is not None else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except RunError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Interrupted as exc:
        print("interrupted; the previous build is untouched", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted; the previous build is untouched", file=sys.stderr)
        return 130
    return 0


def main_yearbook(argv: list[str]) -> int:
    """``python -m vecmbook yearbook TEMPLATE OUT [--rates CSV]``; errors raise DataError."""
    from vecmbook.study import yearbook  # pandas: imported only by the command that needs it

    p = OneLineParser(prog="python -m vecmbook yearbook",
                description="Form the model dataset (year,EXS1,EXS2,FDI,GDP) from a filled "
                            "data/yearbook_template.csv; see data/README.md.")
    p.add_argument("template", help="filled copy of data/yearbook_template.csv")
    p.add_argument("out", help="CSV to write (then: python -m vecmbook run --data OUT)")
    p.add_argument("--rates", default=None,
                   help="CSV year,rmb_per_usd: needed when a year mixes USD and RMB, for FDI given in RMB "
                        "and for GDP given in USD")
    ns = p.parse_args(argv)
    frame = yearbook.build_model_dataset(ns.template, ns.out, ns.rates)
    print(f"wrote {ns.out}: {len(frame)} years, {frame.index[0]}–{frame.index[-1]}, "
          f"columns year,{','.join(yearbook.COLUMNS)}")
    return 0
