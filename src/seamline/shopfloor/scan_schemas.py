"""What scanners, phones and other systems send and get back for scans."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema
from pydantic import model_validator

from seamline.cutting.coupons import parse_coupon
from seamline.shopfloor.scanning import MAX_BATCH


class ScanIn(Schema):
    """One scan. Name the coupon by `bundle` + `operation`, or by its printed `code`
    ("1234-40"). `worker` (employee no.) may be left out on a worker's own phone."""

    id: str = Field(..., min_length=1, max_length=64, description="Made by the device, unique.")
    bundle: int | None = Field(None, ge=1, le=999_999_999)
    operation: int | None = Field(None, ge=1, le=999_999)
    code: str | None = Field(None, max_length=40, description='Coupon code, e.g. "1234-40".')
    worker: str | None = Field(None, max_length=20)
    scanned_at: dt.datetime | None = Field(None, description="When the device recorded it.")

    @model_validator(mode="after")
    def _coupon(self) -> ScanIn:
        if self.code:
            parsed = parse_coupon(self.code)
            if parsed is None:
                raise ValueError(f"{self.code!r} is not a coupon code like 1234-40")
            self.bundle, self.operation = parsed
        if self.bundle is None or self.operation is None:
            raise ValueError("give bundle and operation, or the coupon code")
        if self.scanned_at is not None and self.scanned_at.tzinfo is None:
            raise ValueError("scanned_at needs a time zone offset")
        return self


class ScanBatchIn(Schema):
    scans: list[ScanIn] = Field(..., min_length=1, max_length=MAX_BATCH)


class ScanOut(Schema):
    id: str
    ok: bool
    status: str = Field(description="credited, duplicate, conflict or error")
    message: str
    error: str = ""
    scan_id: int | None = None
    bundle: int | None = None
    operation: int | None = None
    operation_name: str = ""
    worker: str = ""
    worker_name: str = ""
    quantity: int = 0
    scanned_at: dt.datetime | None = None


class ScanBatchOut(Schema):
    results: list[ScanOut]
    recorded: int = Field(description="Items that were stored now or before (ok).")
    refused: int


class WorkerDayScan(Schema):
    scan_id: int
    bundle: int
    operation: int
    operation_name: str
    quantity: int
    status: str
    earnings: Decimal
    scanned_at: dt.datetime


class WorkerDayOut(Schema):
    worker: str
    worker_name: str
    day: dt.date
    pieces: int
    earnings: Decimal
    standard_minutes: Decimal
    scans: list[WorkerDayScan]
