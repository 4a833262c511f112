"""Why an order write was refused: one code per rule, carried on `ValidationError.code`."""

from __future__ import annotations

import enum


class OrderErrorCode(enum.StrEnum):
    DUPLICATE_NUMBER = "duplicate_number"
    NOT_EDITABLE = "not_editable"
    INVALID_TRANSITION = "invalid_transition"
    NO_LINES = "no_lines"
    COLOUR_NOT_OF_STYLE = "colour_not_of_style"
    SIZE_NOT_OF_STYLE = "size_not_of_style"
    BAD_QUANTITY = "bad_quantity"
    BAD_PRICE = "bad_price"
    UNKNOWN_FIELD = "unknown_field"
