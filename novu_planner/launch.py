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
    from novu_planner.cli import main as run

    signal.signal(signal.SIGINT, signal.default_int_handler)
    run()
