"""A silent HiGHS instance.

HiGHS prints its banner to the process's standard output when the first instance is made,
before any option can be set (`output_flag` only silences what comes after). A web worker
or `load_demo` has no use for it, so the first construction runs with file descriptor 1
pointed at /dev/null; later ones print nothing anyway.
"""

from __future__ import annotations

import os
import sys
import threading

import highspy

_lock = threading.Lock()
_banner_shown = False


def new_highs() -> highspy.Highs:
    """A `highspy.Highs` with `output_flag` off, without the banner."""
    global _banner_shown  # noqa: PLW0603 - once per process
    with _lock:
        if _banner_shown:
            h = highspy.Highs()
        else:
            sys.stdout.flush()
            saved = os.dup(1)
            try:
                with open(os.devnull, "w") as devnull:
                    os.dup2(devnull.fileno(), 1)
                    h = highspy.Highs()
            finally:
                os.dup2(saved, 1)
                os.close(saved)
            _banner_shown = True
    h.setOptionValue("output_flag", False)
    return h
