"""Why a catalog write was refused: one code per rule, carried on `ValidationError.code`."""

from __future__ import annotations

import enum


class CatalogErrorCode(enum.StrEnum):
    DUPLICATE_CODE = "duplicate_code"
    DUPLICATE_SIZE = "duplicate_size"
    NO_SIZES = "no_sizes"
    SIZE_IN_USE = "size_in_use"
    SIZE_NOT_OF_STYLE = "size_not_of_style"
    GRID_CHANGE_BLOCKED = "grid_change_blocked"
    IN_USE = "in_use"
    OTHER_STYLE = "other_style"
    SELF_PRECEDENCE = "self_precedence"
    PRECEDENCE_CYCLE = "precedence_cycle"
    BAD_POSITION = "bad_position"
    BAD_REFERENCE = "bad_reference"
    UNKNOWN_FIELD = "unknown_field"
