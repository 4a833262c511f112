"""Nest a marker with sparrow (the ``spyrrow`` bindings) in a child process.

Sparrow's ``solve`` blocks and cannot be interrupted, so it runs in a child process
started with "spawn" (safe under a web server): a thread there drains sparrow's progress
queue and sends each improved feasible solution up a pipe. The parent turns them into
markers, reports them, polls ``should_stop`` about twice a second and ends the child when
told to stop, keeping the best marker so far. No path leaves the child running.
"""

from __future__ import annotations

import math
import multiprocessing
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from seamline.engines.nesting import geometry
from seamline.engines.nesting.data import NestingProblem, normalise_angle
from seamline.engines.nesting.geometry import Ring
from seamline.engines.nesting.result import Marker, NestResult, Placement

# Share of the time budget sparrow spends exploring (shrinking a feasible strip); the
# rest goes to compression (squeezing the best one). Sparrow's own default.
EXPLORATION_SHARE = 0.8
QUADTREE_DEPTH = 3  # sparrow's own default (its records); the bindings default to 4
STARTUP_S = 0.8  # spawning the child and sparrow's last solution, measured at ~0.5 s
POLL_INTERVAL_S = 0.5  # how often should_stop is asked
DRAIN_INTERVAL_S = 0.25  # how often the child forwards progress
FIRST_MARKER_WAIT_S = 15.0  # after a stop, how long to wait for a first marker
REAP_TIMEOUT_S = 3.0
FAR_FROM_ORIGIN = 4.0  # piece sizes between a piece and its origin before it is moved

Progress = Callable[[Marker, str], None]
# (item key, rotation in degrees, x, y) per placed copy, as sent up the pipe.
Placed = list[tuple[str, float, float, float]]


@dataclass(frozen=True, slots=True)
class NestItem:
    """One shape handed to sparrow: a piece, or the flipped half of a mirrored pair.
    ``reference`` is subtracted from the grain-aligned shape before sparrow sees it."""

    key: str
    piece_index: int
    flipped: bool
    demand: int
    shape: Ring
    reference: tuple[float, float]
    allowed: tuple[float, ...] | None


def nest_items(problem: NestingProblem) -> tuple[NestItem, ...]:
    items = []
    for index, piece in enumerate(problem.pieces):
        for flipped, copies in piece.variants:
            shape = piece.shape(flipped=flipped)
            reference = _reference(shape)
            items.append(
                NestItem(
                    key=f"{index}{'m' if flipped else ''}",
                    piece_index=index,
                    flipped=flipped,
                    demand=copies,
                    shape=shape,
                    reference=reference,
                    allowed=piece.allowed(problem.direction),
                )
            )
    return tuple(items)


def _reference(shape: Ring) -> tuple[float, float]:
    """Sparrow computes in single precision: a piece drawn far from its own origin is
    moved next to it. Otherwise the shape is passed as drawn; centring every piece on
    its bounding box made sparrow's markers about 2 % longer in trials."""
    x0, y0, x1, y1 = geometry.bounds(shape)
    size = max(x1 - x0, y1 - y0)
    if max(abs(x0), abs(y0), abs(x1), abs(y1)) > FAR_FROM_ORIGIN * size:
        return x0, y0
    return 0.0, 0.0


def solver_config(
    time_limit_s: float, *, seed: int | None, workers: int | None, spacing: float
) -> dict[str, Any]:
    """Keyword arguments of ``spyrrow.StripPackingConfig``: whole seconds, about one
    second less than the limit for starting the process and handing results back."""
    total = max(1, math.floor(time_limit_s - STARTUP_S))
    exploration = max(1, int(total * EXPLORATION_SHARE))
    return {
        "early_termination": True,
        "quadtree_depth": QUADTREE_DEPTH,
        "min_items_separation": spacing or None,
        "total_computation_time": None,
        "exploration_time": exploration,
        "compression_time": max(0, total - exploration),
        "num_workers": workers,
        "seed": seed,
    }


def _placed(solution: Any) -> Placed:
    return [
        (p.id, float(p.rotation), float(p.translation[0]), float(p.translation[1]))
        for p in solution.placed_items
    ]


def solve_in_child(
    items: list[tuple[str, list[tuple[float, float]], int, list[float] | None]],
    strip_height: float,
    config: dict[str, Any],
    conn: Connection,
) -> None:
    """Child process body: solve, streaming improved feasible solutions up ``conn``."""
    import spyrrow

    try:
        instance = spyrrow.StripPackingInstance(
            "marker", strip_height, [spyrrow.Item(*item) for item in items]
        )
        queue = spyrrow.ProgressQueue()
        settings = spyrrow.StripPackingConfig(**config)
    except BaseException as exc:  # sparrow panics derive from BaseException
        conn.send(("error", str(exc)))
        return
    feasible = (spyrrow.ReportType.ExplFeas, spyrrow.ReportType.CmprFeas)  # not hashable
    best = [math.inf]
    done = threading.Event()

    def forward() -> None:
        reports = [(kind, sol) for kind, sol in queue.drain() if kind in feasible]
        if not reports:
            return
        kind, sol = min(reports, key=lambda r: r[1].width)
        if sol.width < best[0]:
            best[0] = sol.width
            conn.send(("solution", kind.phase_name(), float(sol.width), _placed(sol)))

    def drain() -> None:
        while not done.wait(DRAIN_INTERVAL_S):
            forward()

    thread = threading.Thread(target=drain, name="nesting-progress", daemon=True)
    thread.start()
    try:
        solution = instance.solve(settings, progress=queue)
    except BaseException as exc:
        done.set()
        thread.join()
        conn.send(("error", str(exc)))
        return
    done.set()
    thread.join()
    forward()
    conn.send(("final", "final", float(solution.width), _placed(solution)))


def build_marker(
    problem: NestingProblem, items: tuple[NestItem, ...], length: float, placed: Placed
) -> Marker:
    """Placements from sparrow's (item, rotation, translation) triples; copies of a piece
    are numbered along the marker, the flipped half of a pair after the others."""
    by_key = {item.key: item for item in items}
    rows = []
    for key, rotation, tx, ty in placed:
        item = by_key[key]
        angle = normalise_angle(rotation)
        cx, cy = geometry.rotate([item.reference], angle)[0]
        x, y = tx - cx, ty - cy
        polygon = geometry.translate(geometry.rotate(item.shape, angle), x, y)
        rows.append((item, angle, x, y, polygon, geometry.bounds(polygon)[0]))
    rows.sort(key=lambda r: (r[0].piece_index, r[0].flipped, r[5]))
    placements = []
    counters: dict[str, int] = {}
    for item, angle, x, y, polygon, _ in rows:
        piece = problem.pieces[item.piece_index]
        first = piece.quantity // 2 if item.flipped else 0
        copy = first + counters.get(item.key, 0)
        counters[item.key] = counters.get(item.key, 0) + 1
        placements.append(
            Placement(
                piece_id=piece.id,
                label=piece.label,
                copy=copy,
                mirrored=item.flipped,
                rotation=angle,
                x=x,
                y=y,
                polygon=polygon,
            )
        )
    return Marker(
        width=problem.width,
        length=length,
        efficiency=problem.area / (length * problem.width),
        placements=tuple(placements),
    )


def _solver_error(message: str, problem: NestingProblem, items: tuple[NestItem, ...]) -> Exception:
    match = re.search(r"item (\S+) does not seem to fit", message)
    if match:
        key = match.group(1)
        names = [problem.pieces[i.piece_index].id for i in items if i.key == key]
        what = f"piece {names[0]}" if names else "a piece"
        return ValueError(f"{what} does not fit across the fabric width")
    return RuntimeError(f"the nesting engine failed: {message}")


def _reap(process: multiprocessing.process.BaseProcess) -> None:
    if process.pid is None:  # never started
        return
    if process.is_alive():
        process.terminate()
        process.join(REAP_TIMEOUT_S)
    if process.is_alive():
        process.kill()
    process.join()


def nest(
    problem: NestingProblem,
    *,
    time_limit_s: float,
    seed: int | None = None,
    workers: int | None = None,
    on_progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> NestResult:
    """Nest ``problem`` for at most ``time_limit_s`` seconds of wall time (sparrow gets
    whole seconds, at least 1) and return the shortest marker found.

    ``on_progress(marker, phase)`` gets each improved marker (phase "exploring",
    "compressing" or "final"). When ``should_stop()`` turns true the solver is ended and
    the best marker so far returned with ``stopped=True``; if none was found yet, the
    first one is awaited briefly, then ``RuntimeError`` is raised.
    """
    if isinstance(time_limit_s, bool) or not isinstance(time_limit_s, int | float):
        raise ValueError(f"the time limit must be a number of seconds, got {time_limit_s!r}")
    if not 0 < time_limit_s < math.inf:
        raise ValueError(f"the time limit must be positive, got {time_limit_s!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise ValueError(f"the seed must be an integer >= 0, got {seed!r}")
    if workers is not None and (
        isinstance(workers, bool) or not isinstance(workers, int) or workers < 1
    ):
        raise ValueError(f"workers must be an integer >= 1, got {workers!r}")

    items = nest_items(problem)
    payload = [
        (
            item.key,
            list(geometry.counter_clockwise(geometry.translate(item.shape, *_neg(item.reference)))),
            item.demand,
            list(item.allowed) if item.allowed is not None else None,
        )
        for item in items
    ]
    config = solver_config(time_limit_s, seed=seed, workers=workers, spacing=problem.spacing)
    solver_seconds = config["exploration_time"] + config["compression_time"]
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=solve_in_child,
        args=(payload, problem.width, config, sender),
        name="seamline-nesting",
        daemon=True,
    )
    started = time.monotonic()
    # Sparrow may overrun its budget on a busy machine: the wall-clock limit is kept here,
    # with the best marker sent so far (at most DRAIN_INTERVAL_S old).
    time_up = started + max(time_limit_s, solver_seconds + STARTUP_S)
    best: Marker | None = None
    stop_asked = False
    halt_at: float | None = None  # when a stop was asked or the time ran out
    next_poll = started
    try:
        process.start()
        sender.close()
        while True:
            now = time.monotonic()
            if should_stop is not None and not stop_asked and now >= next_poll:
                next_poll = now + POLL_INTERVAL_S
                if should_stop():
                    stop_asked = True
                    halt_at = now
            if halt_at is None and now >= time_up:
                halt_at = now
            if halt_at is not None and (best is not None or now > halt_at + FIRST_MARKER_WAIT_S):
                break
            wait = POLL_INTERVAL_S if halt_at is not None else min(POLL_INTERVAL_S, time_up - now)
            if not receiver.poll(max(wait, 0.0)):
                continue
            try:
                message = receiver.recv()
            except EOFError:
                process.join(REAP_TIMEOUT_S)
                raise RuntimeError(
                    f"the nesting process ended unexpectedly (exit code {process.exitcode})"
                ) from None
            if message[0] == "error":
                raise _solver_error(message[1], problem, items)
            kind, phase, length, placed = message
            if best is None or length < best.length:
                best = build_marker(problem, items, length, placed)
                if on_progress is not None:
                    on_progress(best, phase)
            if kind == "final":
                break
    finally:
        _reap(process)
        receiver.close()
        sender.close()
    if best is None:
        when = "nesting was stopped" if stop_asked else "the time ran out"
        raise RuntimeError(f"{when} before a first marker was found")
    return NestResult(
        marker=best,
        stopped=stop_asked,
        runtime=time.monotonic() - started,
        lower_bound_length=problem.lower_bound_length,
    )


def _neg(point: tuple[float, float]) -> tuple[float, float]:
    return -point[0], -point[1]
