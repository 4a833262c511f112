"""Seeded jeans-like bulletins and operators, for the benchmark and the property tests.

:func:`jeans_problem` builds a five-pocket jeans bulletin of 60 operations in sections
(front, back, fly, waistband and loops) that join in assembly and finishing, with 40 real
operators (grades, machine skills, measured paces 0.6-1.1 on some machines and operations).
"""

from __future__ import annotations

import random

from seamline.engines.balancing.garment.data import BalanceProblem, Operation, Operator

# (section, machine type) per operation, in bulletin order; each section is a chain.
JEANS_SECTIONS: dict[str, list[str]] = {
    "front": ["OL3", "SNLS", "SNLS", "DNLS", "SNLS", "OL4", "SNLS", "BARTACK", "SNLS", "MANUAL"],
    "coin": ["OL3", "SNLS", "SNLS", "MANUAL"],
    "fly": ["OL3", "SNLS", "SNLS", "DNLS", "BARTACK", "SNLS"],
    "back": ["DNLS", "FL", "SNLS", "SNLS", "SNLS", "DNLS", "MANUAL", "SNLS", "FL", "OL4"],
    "waistband": ["SNLS", "SNLS", "KANSAI", "MANUAL"],
    "loops": ["FL", "MANUAL", "SNLS"],
    "assembly": [
        "OL5",
        "DNLS",
        "OL5",
        "FL",
        "SNLS",
        "KANSAI",
        "SNLS",
        "SNLS",
        "BARTACK",
        "BARTACK",
    ],
    "finishing": [
        "SNLS",
        "SNLS",
        "BH",
        "BS",
        "SNAP",
        "SNAP",
        "MANUAL",
        "MANUAL",
        "IRON",
        "MANUAL",
        "MANUAL",
        "BARTACK",
        "IRON",
    ],
}
MACHINE_GRADE = {"OL3": 2, "OL4": 2, "OL5": 3, "SNLS": 3, "DNLS": 3, "FL": 4, "KANSAI": 4,
                 "BARTACK": 2, "BH": 2, "BS": 2, "SNAP": 1, "IRON": 1, "MANUAL": 1}  # fmt: skip
COMPATIBLE = (
    frozenset({"OL3", "OL4", "OL5"}),
    frozenset({"BH", "BS", "SNAP"}),
    frozenset({"SNLS", "DNLS"}),
)


def jeans_operations(seed: int) -> tuple[Operation, ...]:
    rng = random.Random(seed)  # noqa: S311 - reproducible, not a secret
    ops: list[Operation] = []
    last: dict[str, str] = {}
    number = 0
    for section, machines in JEANS_SECTIONS.items():
        prev: tuple[str, ...] = ()
        if section == "assembly":
            prev = (last["front"], last["coin"], last["fly"], last["back"])
        elif section == "finishing":
            prev = (last["assembly"], last["waistband"], last["loops"])
        for i, machine in enumerate(machines):
            number += 1
            key = str(number)
            preds = prev
            # a few operations of a section do not need their neighbour (parallel branches)
            if i >= 2 and rng.random() < 0.2:
                preds = tuple(p for p in (ops[-2].key,) if p)
            grade = max(1, min(5, MACHINE_GRADE[machine] + rng.choice((-1, 0, 0, 1))))
            smv = round(rng.uniform(0.2, 1.5), 2)
            ops.append(
                Operation(key=key, smv=smv, machine_type=machine, grade=grade, predecessors=preds)
            )
            prev = (key,)
        last[section] = prev[0]
    return tuple(ops)


def jeans_operators(
    operations: tuple[Operation, ...], count: int, seed: int
) -> tuple[Operator, ...]:
    """``count`` workers whose skills cover the bulletin: machine types dealt in proportion
    to their work, every worker with one to three types and measured paces on some."""
    rng = random.Random(seed * 7919 + 1)  # noqa: S311 - reproducible, not a secret
    work: dict[str, float] = {}
    top_grade: dict[str, int] = {}
    for op in operations:
        work[op.machine_type] = work.get(op.machine_type, 0.0) + op.smv
        top_grade[op.machine_type] = max(top_grade.get(op.machine_type, 1), op.grade)
    types = sorted(work, key=lambda t: -work[t])
    total = sum(work.values())
    # a main machine per worker, in proportion to the work (each type at least once)
    mains = list(types)
    while len(mains) < count:
        mains.append(rng.choices(types, weights=[work[t] / total for t in types])[0])
    rng.shuffle(mains)
    grades: list[int] = []
    skills: list[set[str]] = []
    for main in mains[:count]:
        machines = {main, "MANUAL"}  # everyone trims and turns
        for _ in range(rng.choice((0, 1, 1, 2))):
            machines.add(rng.choices(types, weights=[work[t] for t in types])[0])
        grades.append(max(top_grade[main], rng.choice((2, 3, 3, 4, 5))))
        skills.append(machines)
    # every operation has at least three workers who may do it
    for op in operations:
        able = [i for i in range(count) if grades[i] >= op.grade and op.machine_type in skills[i]]
        others = [i for i in range(count) if grades[i] >= op.grade and i not in able]
        for i in rng.sample(others, max(0, min(len(others), 3 - len(able)))):
            skills[i].add(op.machine_type)
    operators: list[Operator] = []
    for i, machines in enumerate(skills):
        paces: list[tuple[str, float]] = [
            (m, round(rng.uniform(0.6, 1.1), 2)) for m in sorted(machines) if rng.random() < 0.7
        ]
        for op in rng.sample(operations, 3):
            if op.machine_type in machines:
                paces.append((op.key, round(rng.uniform(0.6, 1.1), 2)))
        operators.append(
            Operator(
                key=f"W{i + 1:02d}",
                grade=grades[i],
                efficiency=tuple(paces),
                default_efficiency=round(rng.uniform(0.7, 0.9), 2),
                machines=frozenset(machines),
            )
        )
    return tuple(operators)


def jeans_problem(
    seed: int,
    *,
    operators: int = 40,
    target_per_hour: float | None = None,
    head_count: int | None = None,
) -> BalanceProblem:
    ops = jeans_operations(seed)
    return BalanceProblem(
        operations=ops,
        operators=jeans_operators(ops, operators, seed),
        target_per_hour=target_per_hour,
        head_count=head_count,
        compatible=COMPATIBLE,
        max_operations_per_operator=4,
    )
