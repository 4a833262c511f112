"""Validation of the engine's inputs, with messages a factory user can act on."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from seamline.engines.aql.tables import AQL_LABELS, AQL_VALUES, LEVELS

AqlInput = str | int | float | Decimal
"""An AQL as given: ``"2.5"``, ``Decimal("2.5")``, ``2.5`` or ``10``."""


def check_lot_size(lot_size: object) -> int:
    if isinstance(lot_size, bool) or not isinstance(lot_size, int):
        raise ValueError(f"lot size must be a whole number of units, got {lot_size!r}")
    if lot_size < 2:
        raise ValueError(f"lot size must be at least 2 units, got {lot_size}")
    return lot_size


def check_level(level: object) -> str:
    """Return the level as spelled in the tables; accepts any case and ``S1`` for ``S-1``."""
    if isinstance(level, str):
        text = level.strip().upper().replace(" ", "")
        if len(text) == 2 and text[0] == "S" and text[1].isdigit():
            text = f"S-{text[1]}"
        if text in LEVELS:
            return text
    raise ValueError(f"unknown inspection level {level!r}; use one of {', '.join(LEVELS)}")


def _as_decimal(value: object, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise ValueError(f"{what} must be a number such as 2.5, got {value!r}")
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{what} must be a number such as 2.5, got {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"{what} must be a number such as 2.5, got {value!r}")
    return number


def check_aql(aql: object) -> str:
    """Return the AQL's column label in Table 2-A (e.g. ``"0.010"``, ``"2.5"``, ``"10"``)."""
    number = _as_decimal(aql.strip() if isinstance(aql, str) else aql, "AQL")
    for label, value in zip(AQL_LABELS, AQL_VALUES, strict=True):
        if number == value:
            return label
    raise ValueError(
        f"AQL {aql!r} is not one of the 26 standard AQL values; use one of {', '.join(AQL_LABELS)}"
    )


def is_zero_tolerance(aql: object) -> bool:
    """``None`` or a zero AQL (``0``, ``"0"``, ``Decimal(0)``) means: no defect allowed."""
    if aql is None:
        return True
    return _as_decimal(aql.strip() if isinstance(aql, str) else aql, "AQL") == 0


def check_defects(defects_found: object) -> int:
    if isinstance(defects_found, bool) or not isinstance(defects_found, int):
        raise ValueError(f"defects found must be a whole number, got {defects_found!r}")
    if defects_found < 0:
        raise ValueError(f"defects found cannot be negative, got {defects_found}")
    return defects_found
