"""Writes of a style's operation bulletin: order, precedence, the whole bulletin at once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, ProtectedError
from django.utils.translation import gettext as _

from seamline.catalog.choices import Section
from seamline.catalog.errors import CatalogErrorCode as Code
from seamline.catalog.models import (
    Operation,
    OperationDependency,
    Style,
)
from seamline.catalog.services._base import (
    OPERATION_FIELDS,
    SEQUENCE_OFFSET,
    ZERO,
    _in_use,
    _normalize,
    _update,
)
from seamline.tenancy.services import audit_record

# --- operation bulletin --------------------------------------------------------------------


def _lock_style(style: Style) -> None:
    """Two writers of one bulletin queue here instead of clashing on sequence numbers."""
    list(Style.objects.select_for_update().filter(pk=style.pk).values_list("pk", flat=True))


def _renumber(style: Style, ordered: list[Operation]) -> None:
    Operation.objects.filter(style=style).update(sequence=F("sequence") + SEQUENCE_OFFSET)
    for sequence, operation in enumerate(ordered, start=1):
        operation.sequence = sequence
    Operation.objects.bulk_update(ordered, ["sequence"])


def _ordered(style: Style) -> list[Operation]:
    return list(Operation.objects.filter(style=style).order_by("sequence", "pk"))


def _reaches(graph: Mapping[int, set[int]], start: int, target: int) -> bool:
    """Does following predecessor links from `start` lead to `target`?"""
    seen: set[int] = set()
    todo = [start]
    while todo:
        node = todo.pop()
        if node == target:
            return True
        if node in seen:
            continue
        seen.add(node)
        todo.extend(graph.get(node, ()))
    return False


def _set_predecessors(operation: Operation, predecessors: Iterable[Operation]) -> bool:
    wanted = {p.pk: p for p in predecessors}
    for pred in wanted.values():
        if pred.pk == operation.pk:
            raise ValidationError(
                {
                    "predecessors": ValidationError(
                        _("Operation %(op)s cannot come after itself.") % {"op": operation},
                        Code.SELF_PRECEDENCE,
                    )
                }
            )
        if pred.style_id != operation.style_id:
            raise ValidationError(
                {
                    "predecessors": ValidationError(
                        _("Operation %(pred)s belongs to another style.") % {"pred": pred},
                        Code.OTHER_STYLE,
                    )
                }
            )
    graph: dict[int, set[int]] = {}
    links = OperationDependency.objects.filter(operation__style_id=operation.style_id).exclude(
        operation=operation
    )
    for op_id, pred_id in links.values_list("operation_id", "predecessor_id"):
        graph.setdefault(op_id, set()).add(pred_id)
    # Adding "operation after pred" closes a loop when pred already follows operation.
    for pred in sorted(wanted.values(), key=lambda p: p.sequence):
        if _reaches(graph, pred.pk, operation.pk):
            raise ValidationError(
                {
                    "predecessors": ValidationError(
                        _(
                            "Operation %(op)s cannot come after %(pred)s: %(pred)s already "
                            "comes after %(op)s, so the bulletin would go round in a loop."
                        )
                        % {"op": operation, "pred": pred},
                        Code.PRECEDENCE_CYCLE,
                    )
                }
            )
    existing = set(
        OperationDependency.objects.filter(operation=operation).values_list(
            "predecessor_id", flat=True
        )
    )
    if existing == set(wanted):
        return False
    OperationDependency.objects.filter(
        operation=operation, predecessor_id__in=existing - set(wanted)
    ).delete()
    for pred_id in sorted(set(wanted) - existing):
        OperationDependency.objects.create(
            tenant=operation.tenant, operation=operation, predecessor=wanted[pred_id]
        )
    return True


@transaction.atomic
def operation_create(
    *,
    style: Style,
    name: str,
    machine_type: str,
    smv: Decimal,
    by: Any,
    section: str = Section.ASSEMBLY,
    piece_rate: Decimal = ZERO,
    skill_grade: int = 2,
    position: int | None = None,
    predecessors: Iterable[Operation] = (),
) -> Operation:
    """Add an operation at the end of the bulletin, or at `position` (1 = first)."""
    _lock_style(style)
    last = Operation.objects.filter(style=style).aggregate(last=Max("sequence"))["last"] or 0
    operation = Operation(
        tenant=style.tenant,
        style=style,
        sequence=last + 1,
        **_normalize(
            {
                "name": name,
                "section": section,
                "machine_type": machine_type,
                "smv": smv,
                "piece_rate": piece_rate,
                "skill_grade": skill_grade,
            }
        ),
    )
    operation.full_clean()
    operation.save()
    if position is not None:
        _move(operation, position)
    _set_predecessors(operation, predecessors)
    audit_record(actor=by, action="operation.create", obj=operation, summary=str(operation))
    return operation


@transaction.atomic
def operation_update(
    *,
    operation: Operation,
    by: Any,
    predecessors: Iterable[Operation] | None = None,
    **changes: Any,
) -> Operation:
    """Change an operation; `predecessors` (when given) replaces what it comes after."""
    _lock_style(operation.style)
    _update(operation, by=by, changes=changes, allowed=OPERATION_FIELDS)
    if predecessors is not None and _set_predecessors(operation, predecessors):
        audit_record(
            actor=by,
            action="operation.predecessors",
            obj=operation,
            summary=str(operation),
            data={"after": sorted(p.pk for p in predecessors)},
        )
    return operation


@transaction.atomic
def operation_set_predecessors(
    *, operation: Operation, predecessors: Iterable[Operation], by: Any
) -> Operation:
    """`operation` starts only after every one of `predecessors` (same style, no loops)."""
    _lock_style(operation.style)
    predecessors = list(predecessors)
    if _set_predecessors(operation, predecessors):
        audit_record(
            actor=by,
            action="operation.predecessors",
            obj=operation,
            summary=str(operation),
            data={"after": sorted(p.pk for p in predecessors)},
        )
    return operation


def _move(operation: Operation, position: int) -> None:
    ordered = [op for op in _ordered(operation.style) if op.pk != operation.pk]
    if not 1 <= position <= len(ordered) + 1:
        raise ValidationError(
            {
                "position": ValidationError(
                    _("Choose a position from 1 to %(last)s.") % {"last": len(ordered) + 1},
                    Code.BAD_POSITION,
                )
            }
        )
    ordered.insert(position - 1, operation)
    _renumber(operation.style, ordered)


@transaction.atomic
def operation_move(*, operation: Operation, position: int, by: Any) -> Operation:
    """Put the operation at `position` (1 = first) and number the bulletin 1, 2, 3 ... again."""
    _lock_style(operation.style)
    before = operation.sequence
    _move(operation, position)
    audit_record(
        actor=by,
        action="operation.move",
        obj=operation,
        summary=str(operation),
        data={"from": before, "to": operation.sequence},
    )
    return operation


@transaction.atomic
def operation_delete(*, operation: Operation, by: Any) -> None:
    style = operation.style
    _lock_style(style)
    audit_record(actor=by, action="operation.delete", obj=operation, summary=str(operation))
    try:
        with transaction.atomic():
            operation.delete()
    except ProtectedError as exc:
        raise _in_use(operation) from exc
    _renumber(style, _ordered(style))


@dataclass(frozen=True)
class OperationSpec:
    """One row of a whole bulletin; `after` holds 1-based positions in the same bulletin."""

    name: str
    machine_type: str
    smv: Decimal
    section: str = Section.ASSEMBLY
    piece_rate: Decimal = ZERO
    skill_grade: int = 2
    after: tuple[int, ...] = ()


def _bulletin_errors(style: Style, rows: Sequence[OperationSpec]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    count = len(rows)
    for index, row in enumerate(rows):
        candidate = Operation(
            tenant=style.tenant,
            style=style,
            sequence=index + 1,
            **_normalize(
                {
                    "name": row.name,
                    "section": row.section,
                    "machine_type": row.machine_type,
                    "smv": row.smv,
                    "piece_rate": row.piece_rate,
                    "skill_grade": row.skill_grade,
                }
            ),
        )
        try:
            candidate.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                errors[f"operations.{index}.{field_name}"] = messages
        for ref in row.after:
            if not 1 <= ref <= count:
                errors.setdefault(f"operations.{index}.after", []).append(
                    _("There is no operation %(ref)s; this bulletin has 1 to %(count)s.")
                    % {"ref": ref, "count": count}
                )
            elif ref == index + 1:
                errors.setdefault(f"operations.{index}.after", []).append(
                    _("An operation cannot come after itself.")
                )
    if errors:
        return errors
    graph = {index + 1: set(row.after) for index, row in enumerate(rows)}
    for index, row in enumerate(rows):
        for ref in row.after:
            if _reaches(graph, ref, index + 1):
                errors[f"operations.{index}.after"] = [
                    _(
                        "Operation %(op)s cannot come after %(ref)s: %(ref)s already comes "
                        "after %(op)s, so the bulletin would go round in a loop."
                    )
                    % {"op": index + 1, "ref": ref}
                ]
                return errors
    return errors


@transaction.atomic
def bulletin_replace(
    *, style: Style, operations: Sequence[OperationSpec], by: Any
) -> list[Operation]:
    """Replace the whole bulletin: all rows are written or, on any bad row, none.

    Rows keep the ids of the operations at the same position, so links to them survive.
    Errors are keyed `operations.<index>.<field>` (index from 0).
    """
    _lock_style(style)
    errors = _bulletin_errors(style, operations)
    if errors:
        raise ValidationError(errors)
    existing = _ordered(style)
    surplus = existing[len(operations) :]
    for operation in surplus:
        try:
            with transaction.atomic():
                operation.delete()
        except ProtectedError as exc:
            raise ValidationError(
                {f"operations.{len(operations)}": [str(_in_use(operation).messages[0])]}
            ) from exc
    Operation.objects.filter(style=style).update(sequence=F("sequence") + SEQUENCE_OFFSET)
    OperationDependency.objects.filter(operation__style=style).delete()
    result: list[Operation] = []
    for index, row in enumerate(operations):
        values = _normalize(
            {
                "name": row.name,
                "section": row.section,
                "machine_type": row.machine_type,
                "smv": row.smv,
                "piece_rate": row.piece_rate,
                "skill_grade": row.skill_grade,
            }
        )
        if index < len(existing):
            operation = existing[index]
            for name, value in values.items():
                setattr(operation, name, value)
            operation.sequence = index + 1
            operation.save(update_fields=[*values, "sequence"])
        else:
            operation = Operation.objects.create(
                tenant=style.tenant, style=style, sequence=index + 1, **values
            )
        result.append(operation)
    OperationDependency.objects.bulk_create(
        [
            OperationDependency(
                tenant=style.tenant, operation=result[index], predecessor=result[ref - 1]
            )
            for index, row in enumerate(operations)
            for ref in sorted(set(row.after))
        ]
    )
    audit_record(
        actor=by,
        action="style.bulletin_replace",
        obj=style,
        summary=str(style),
        data={"operations": len(result)},
    )
    return result
