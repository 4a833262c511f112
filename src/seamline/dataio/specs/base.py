"""What every import/export format has: columns, a whole-file validation, a write, an export."""

from __future__ import annotations

import abc
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from seamline.dataio.tables import Column, Row, RowError, Table, TableError
from seamline.tenancy.context import require_tenant

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    details: dict[str, int] = field(default_factory=dict)


class Spec(abc.ABC):
    kind: ClassVar[str]
    label: ClassVar[StrOrPromise]
    columns: ClassVar[tuple[Column, ...]]
    example: ClassVar[Mapping[str, Any]]

    @property
    def headers(self) -> list[str]:
        return [column.key for column in self.columns]

    @abc.abstractmethod
    def validate(self, table: Table) -> tuple[Any, list[RowError]]:
        """Check the WHOLE file against the database; return a plan and every error."""

    @abc.abstractmethod
    def write(self, plan: Any, *, table: Table, by: Any) -> ImportResult:
        """Write the plan (inside the caller's transaction); raise TableError to roll back."""

    @abc.abstractmethod
    def export_rows(self) -> Iterable[Sequence[Any]]:
        """The active tenant's rows, in the order of `columns`."""

    def example_row(self) -> list[Any]:
        return [self.example.get(column.key, "") for column in self.columns]


def duplicates(
    table: Table, rows: Sequence[Row], key: str, errors: list[RowError], *, what: str = ""
) -> None:
    """Every row whose `key` repeats an earlier row's gets an error naming the first row."""
    first: dict[str, int] = {}
    counts = Counter(row.get(key) for row in rows if row.get(key))
    for row in rows:
        value = row.get(key)
        if not value or counts[value] < 2:
            continue
        seen = first.setdefault(value, row.number)
        if seen != row.number:
            errors.append(
                RowError(
                    row.number,
                    table.header(key),
                    _("“%(value)s” is repeated; it is already on row %(row)s.")
                    % {"value": value, "row": seen},
                )
            )


def clean(
    obj: models.Model,
    *,
    table: Table,
    row: int,
    fields: Mapping[str, str],
    errors: list[RowError],
) -> bool:
    """full_clean() the row's object; map a field's error to its column. True when clean.

    Uniqueness was settled for the whole file by the validate step (rows are matched to
    stored ones by code), so the per-row unique queries are skipped; the database still
    enforces every constraint.
    """
    try:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            column = table.header(fields[name]) if name in fields else ""
            errors.extend(RowError(row, column, str(message)) for message in messages)
        return False
    return True


@dataclass
class CodedRow:
    """A checked row of a file whose rows match stored ones by their `code`."""

    number: int
    values: dict[str, Any]


def upsert_by_code(
    model: type[models.Model],
    plan: Sequence[CodedRow],
    *,
    kind: str,
    table: Table,
    fields: Mapping[str, str],
) -> ImportResult:
    """Create or update one `model` row per plan row, matched by code; TableError if any fails."""
    codes = [item.values["code"] for item in plan]
    existing = {obj.code: obj for obj in model._default_manager.filter(code__in=codes)}  # type: ignore[attr-defined]
    result = ImportResult(kind, rows=len(plan))
    errors: list[RowError] = []
    for item in plan:
        obj = existing.get(item.values["code"])
        if obj is None:
            obj = model(tenant=require_tenant())
            result.created += 1
        else:
            result.updated += 1
        for name, value in item.values.items():
            setattr(obj, name, value)
        if clean(obj, table=table, row=item.number, fields=fields, errors=errors):
            obj.save()
    if errors:
        raise TableError(errors)
    return result
