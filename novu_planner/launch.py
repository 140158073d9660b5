"""The program's entry point: Ctrl-C ends it cleanly from its first moment.

Until the command line is loaded and guards itself, an interrupt would show
a traceback (or, inside OR-Tools' start-up, an ImportError); here it ends
the program at once with status 130, as it does later on.
"""

from __future__ import annotations

import os
import signal
from types import FrameType

INTERRUPTED = b"novu-planner: interrupted; nothing was written\n"


def _interrupted_early(signum: int, frame: FrameType | None) -> None:
    os.write(2, INTERRUPTED)
    os._exit(130)


def main() -> None:
    signal.signal(signal.SIGINT, _interrupted_early)
    # Babel asks pytz for the machine's zone when its date formats load, and
    # pytz then opens each of its ~600 zone files to see that it is there
    # (7 ms of every report). pytz documents this flag for installs that
    # carry all their zones, as a pip-installed pytz does; a user's own
    # setting wins. Only the command line sets it, never the library.
    os.environ.setdefault("PYTZ_SKIPEXISTSCHECK", "1")
    from novu_planner.cli import main as run

    signal.signal(signal.SIGINT, signal.default_int_handler)
    run()
