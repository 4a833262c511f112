"""A factory's sewing lines and its roster of workers."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from seamline.demo.build.context import DemoContext, FactoryData, add, add_all
from seamline.demo.data.bulletins import BULLETINS
from seamline.demo.data.names import mobile_number, person_name
from seamline.shopfloor.choices import PayType
from seamline.shopfloor.models import Line, Worker

LINE_LABELS = {"tshirt": "T-shirts", "shirt": "Shirts", "jeans": "Jeans"}
# Longer bulletins need more operators on the line.
LINE_WEIGHT = {"tshirt": 1.0, "shirt": 1.8, "jeans": 1.5}
# Workers by skill grade 1..5, as a share of the roster.
GRADE_WEIGHTS = (8, 27, 38, 19, 8)
WORKING_MINUTES = 480


def load_shopfloor(ctx: DemoContext, factory: FactoryData) -> None:
    """Run inside `tenant_context(factory.org)`."""
    headcounts = line_headcounts(factory)
    load_lines(factory, headcounts)
    load_workers(ctx, factory, headcounts)


def line_headcounts(factory: FactoryData) -> list[int]:
    """Operators per line, by the work content of its style; a few stay off-line (cutting,
    packing)."""
    spec = factory.spec
    off_line = max(3, spec.workers // 12)
    on_line = spec.workers - off_line
    weights = [LINE_WEIGHT[key] for key in spec.line_styles]
    raw = [on_line * w / sum(weights) for w in weights]
    counts = [math.floor(x) for x in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)
    for i in by_remainder[: on_line - sum(counts)]:
        counts[i] += 1
    return counts


def line_target(operators: int, smv: Decimal, efficiency: float) -> int:
    """Pieces per hour a line of `operators` makes at `efficiency` on a style of `smv` minutes."""
    return int(operators * 60 * efficiency / float(smv))


def load_lines(factory: FactoryData, headcounts: list[int]) -> None:
    for number, (key, operators) in enumerate(
        zip(factory.spec.line_styles, headcounts, strict=True), start=1
    ):
        efficiency = factory.rng.uniform(0.58, 0.70)
        factory.lines.append(
            add(
                Line(
                    code=f"L{number}",
                    name=f"Line {number} ({LINE_LABELS[key]})",
                    target_per_hour=line_target(operators, BULLETINS[key].total_smv, efficiency),
                    working_minutes_per_day=WORKING_MINUTES,
                )
            )
        )


def load_workers(ctx: DemoContext, factory: FactoryData, headcounts: list[int]) -> None:
    spec, rng = factory.spec, factory.rng
    placements: list[Line | None] = [
        line for line, count in zip(factory.lines, headcounts, strict=True) for _ in range(count)
    ]
    placements += [None] * (spec.workers - len(placements))
    names: set[str] = set()
    workers: list[Worker] = []
    for number, line in enumerate(placements, start=1):
        name = person_name(rng)
        while name in names:
            name = person_name(rng)
        names.add(name)
        # Off-line helpers and about one in twenty line operators are paid by the hour.
        hourly = line is None or rng.random() < 0.05
        grade = 1 if line is None else rng.choices(range(1, 6), weights=GRADE_WEIGHTS)[0]
        workers.append(
            Worker(
                code=f"{spec.code}-{number:04d}",
                name=name,
                line=line,
                skill_grade=grade,
                pay_type=PayType.HOURLY if hourly else PayType.PIECE,
                hourly_rate=spec.hourly_rate if hourly else Decimal("0"),
                phone=mobile_number(rng),
                hired_on=ctx.today - dt.timedelta(days=rng.randint(30, 9 * 365)),
            )
        )
    factory.workers = add_all(Worker, workers)
    _link_worker_login(ctx, factory)


def _link_worker_login(ctx: DemoContext, factory: FactoryData) -> None:
    """The factory's worker login is a piece-rate operator of line L1."""
    user = ctx.staff[(factory.spec.key, "worker")]
    worker = next(
        w
        for w in factory.workers
        if w.line_id == factory.lines[0].pk and w.pay_type == PayType.PIECE
    )
    worker.user = user
    worker.save(update_fields=["user"])
    surname, _, given = worker.name.partition(" ")
    user.display_name, user.last_name, user.first_name = worker.name, surname, given
    user.save(update_fields=["display_name", "last_name", "first_name"])
