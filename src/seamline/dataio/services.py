"""Imports (all rows or none) and exports of the active tenant's data."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from seamline.dataio.specs import SPECS, ImportResult, Spec
from seamline.dataio.tables import (
    RowError,
    Table,
    TableError,
    read_table,
    write_csv,
    write_xlsx,
)
from seamline.tenancy.context import require_tenant
from seamline.tenancy.services import audit_record

FORMATS = ("xlsx", "csv")


class UnknownKindError(LookupError):
    pass


def spec_get(kind: str) -> Spec:
    try:
        return SPECS[kind]
    except KeyError:
        raise UnknownKindError(kind) from None


def data_import(*, kind: str, filename: str, content: bytes, by: Any) -> ImportResult:
    """Validate the whole file, then write every row in one transaction, or nothing.

    Raises TableError carrying every bad row and field; nothing is written then.
    """
    spec = spec_get(kind)
    table = read_table(filename, content, spec.columns)
    plan, errors = spec.validate(table)
    if errors:
        raise TableError(sorted(errors, key=lambda error: error.row))
    try:
        return _write(spec, plan, table=table, kind=kind, filename=filename, by=by)
    except IntegrityError as exc:
        # Someone else wrote a row with the same code between our checks and our write.
        raise TableError(
            [RowError(0, "", _("Another change collided with this import; upload it again."))]
        ) from exc


@transaction.atomic
def _write(
    spec: Spec, plan: Any, *, table: Table, kind: str, filename: str, by: Any
) -> ImportResult:
    """The write step and its one audit entry; a TableError raised inside rolls all back."""
    result = spec.write(plan, table=table, by=by)
    counts = {"created": result.created, "updated": result.updated}
    audit_record(
        actor=by,
        action="dataio.import",
        obj=require_tenant(),
        summary=_("Imported %(kind)s from %(file)s: %(created)s created, %(updated)s updated.")
        % {"kind": kind, "file": filename[:100], **counts},
        data={
            "kind": kind,
            "file": filename[:200],
            "rows": result.rows,
            **counts,
            **result.details,
        },
    )
    return result


def data_export(*, kind: str, fmt: str) -> bytes:
    """The active tenant's rows of `kind` in the columns the import reads."""
    spec = spec_get(kind)
    if fmt == "xlsx":
        return write_xlsx(spec.headers, spec.export_rows(), title=kind)
    if fmt == "csv":
        return write_csv(spec.headers, spec.export_rows())
    raise ValueError(fmt)


def data_template(*, kind: str) -> bytes:
    """An .xlsx with the headers and one example row."""
    spec = spec_get(kind)
    return write_xlsx(spec.headers, [spec.example_row()], title=kind)


__all__ = [
    "FORMATS",
    "RowError",
    "TableError",
    "UnknownKindError",
    "data_export",
    "data_import",
    "data_template",
    "spec_get",
]
