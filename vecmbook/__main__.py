"""``python -m vecmbook``: the command line (:mod:`vecmbook.pipeline.cli`)."""
import sys

from vecmbook.pipeline.cli import main

if __name__ == "__main__":
    sys.exit(main())
