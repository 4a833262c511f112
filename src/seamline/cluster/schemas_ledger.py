"""What the progress, delivery and ledger API takes and answers.

Quantities are integers; money is a decimal string with two places (cents), in the
cluster's currency.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from ninja import Field, Schema


class ProgressOut(Schema):
    id: int = Field(description="The allocation's id.")
    ref: uuid.UUID = Field(description="The allocation's reference, shared with the factory.")
    cluster_order: str
    factory: str
    status: str
    ordered: int
    cut: int
    sewn: int
    finished: int
    shipped: int
    delivered: int
    progress_at: dt.datetime | None = Field(description="When the stored copy last changed.")
    live: bool = Field(description="True when the figures were read live from the factory.")


class DeliveryIn(Schema):
    quantity: int = Field(ge=1, description="Garments received.")
    defective: int = Field(0, ge=0, description="Of those, refused as defective at receiving.")
    delivered_on: dt.date
    reference: str = Field("", max_length=60, description="The shipment's number or waybill.")
    client_id: uuid.UUID = Field(
        description="Made by the caller once per delivery: a retry with it records nothing new."
    )


class SplitOut(Schema):
    gross: Decimal
    deduction: Decimal
    brand_due: Decimal
    factory_due: Decimal
    commission: Decimal
    channel: Decimal
    margin: Decimal


class DeliveryOut(Schema):
    id: int
    client_id: uuid.UUID
    allocation: int
    allocation_ref: uuid.UUID
    cluster_order: str
    factory: str
    quantity: int
    defective: int
    delivered_on: dt.date
    reference: str
    settled_at: dt.datetime | None
    transaction: int | None = Field(description="The ledger transaction it posted.")
    settlement: SplitOut


class StatementLineOut(Schema):
    posted_on: dt.date
    kind: str
    account: str
    memo: str
    debit: Decimal
    credit: Decimal
    balance: Decimal = Field(description="Running balance of the account (what is owed).")
    transaction: int
    delivery: uuid.UUID | None = Field(description="The client id of the delivery it came from.")
    delivery_reference: str
    cluster_order: str
    allocation: uuid.UUID | None
    quantity: int | None
    defective: int | None


class AccountBalanceOut(Schema):
    account: str
    balance: Decimal


class StatementOut(Schema):
    cluster: int
    organization: int
    organization_name: str
    currency: str
    balance: Decimal
    accounts: list[AccountBalanceOut]
    lines: list[StatementLineOut]


class TrialRowOut(Schema):
    account_id: int
    kind: str
    organization: int | None
    label: str
    debit: Decimal
    credit: Decimal
    balance: Decimal


class TrialBalanceOut(Schema):
    cluster: int
    currency: str
    rows: list[TrialRowOut]
    total_debit: Decimal
    total_credit: Decimal
    balanced: bool


class PaymentIn(Schema):
    kind: str = Field(description='"brand_payment" (money in) or "factory_payment" (money out).')
    organization_id: int = Field(description="The brand that paid or the factory paid.")
    amount: Decimal = Field(gt=0, max_digits=14, decimal_places=2)
    paid_on: dt.date
    client_id: uuid.UUID
    memo: str = Field("", max_length=300)


class EntryOut(Schema):
    account: str
    debit: Decimal
    credit: Decimal


class TransactionOut(Schema):
    id: int
    client_id: uuid.UUID
    kind: str
    posted_on: dt.date
    memo: str
    entries: list[EntryOut]
