"""The exact search of one direction of the line, in a process of its own.

With two cores, SALBP-1 lets a second process search the direction whose first station
admits fewer loads (usually the smaller tree) while the calling process goes on with its
beams and the other direction. The process is a fresh interpreter running `main` below
(the engine imports in ~35 ms), not a fork: the caller may be a threaded web server, and
multiprocessing's spawn would import the caller's main module again.

The question goes in on stdin and the answer comes out on stdout, one JSON document each.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import TypedDict

from seamline.engines.balancing.data import LineData
from seamline.engines.balancing.feasibility import UNDECIDED, CycleTimeCheck, Plan, Undecided
from seamline.engines.balancing.search import SearchTimeout


class SideSearch:
    """A running search of one side for m stations; poll it, stop it."""

    def __init__(self, data: LineData, c: int, side: int, m: int, seconds: float) -> None:
        self.side = side
        self.m = m
        self._process = subprocess.Popen(  # noqa: S603 - this interpreter, this module
            [sys.executable, "-c", f"from {__name__} import main; main()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        question = Question(
            task_times=list(data.task_times),
            precedences=list(data.precedences),
            c=c,
            side=side,
            m=m,
            seconds=seconds,
        )
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps(question))
        self._process.stdin.close()
        self._outcome: Plan | None | Undecided = UNDECIDED
        self._done = False

    def done(self) -> bool:
        """Has the search answered (or died)? Cheap enough to ask inside a search loop."""
        if not self._done and self._process.poll() is not None:
            assert self._process.stdout is not None
            text = self._process.stdout.read()
            self._process.stdout.close()
            answer = json.loads(text) if self._process.returncode == 0 and text else "undecided"
            self._outcome = UNDECIDED if isinstance(answer, str) else answer
            self._done = True
        return self._done

    def outcome(self) -> Plan | None | Undecided:
        """A plan of at most m stations, None if there is none, UNDECIDED while running."""
        self.done()
        return self._outcome

    def stop(self) -> None:
        """End the search; what it had not answered yet stays undecided."""
        self._done = True
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None and not self._process.stdout.closed:
            self._process.stdout.close()


class Question(TypedDict):
    task_times: list[int]
    precedences: list[tuple[int, int]]
    c: int
    side: int  # 0: the line, 1: the reversed line
    m: int
    seconds: float


def answer(question: Question) -> Plan | None | str:
    """ "Does the line fit in m stations?" on one side: a plan, None (no plan exists) or
    "undecided" when the time is up."""
    data = LineData.build(question["task_times"], question["precedences"])
    searching = CycleTimeCheck(data, question["c"]).sides[question["side"]]
    try:
        loads = searching.search.run(question["m"], time.monotonic() + question["seconds"])
    except SearchTimeout:
        return "undecided"
    return None if loads is None else searching.plan(loads)


def main() -> None:
    """The child's entry point: the question from stdin, the answer to stdout."""
    json.dump(answer(json.load(sys.stdin)), sys.stdout)
