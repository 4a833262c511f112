"""Readers for the public SALBP instance formats."""

from __future__ import annotations

from pathlib import Path

from seamline.engines.balancing.data import LineData


def parse_in2(text: str) -> LineData:
    """Parse the ``.IN2`` format of the Scholl (1993) data sets.

    Line 1 holds the number of tasks n, the next n lines the task times, then one
    ``i,j`` arc per line up to the ``-1,-1`` end marker; anything after it is ignored.
    """
    lines = [line.strip() for line in text.replace("\x1a", "").splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise ValueError("empty instance")
    n = int(lines[0])
    times = [int(lines[1 + i]) for i in range(n)]
    arcs: list[tuple[int, int]] = []
    for line in lines[1 + n :]:
        a_text, _, b_text = line.partition(",")
        a, b = int(a_text), int(b_text)
        if (a, b) == (-1, -1):
            break
        arcs.append((a, b))
    else:
        raise ValueError("the -1,-1 end marker is missing")
    return LineData.build(times, arcs)


def read_in2(path: str | Path) -> LineData:
    """Read an ``.IN2`` file (CRLF, code page 437 notes after the end marker)."""
    return parse_in2(Path(path).read_bytes().decode("latin-1"))
