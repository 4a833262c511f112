"""Reading a cluster's ledger: the journal, the trial balance and a member's statement.

The callers (pages, API) decide who may read what: the journal and the trial balance are
the operator's; a statement is its member's own (or the operator's, for any member). The
rows read are narrowed by the cluster and, for a statement, by the accounts that name the
member, so nothing of another member comes along.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from seamline.cluster.choices import AccountKind
from seamline.cluster.models import Cluster, LedgerAccount, LedgerEntry, LedgerTransaction
from seamline.tenancy.models import Organization

ZERO = Decimal("0.00")
# Accounts whose balance is read as debit minus credit (what is owed to the cluster, or held).
DEBIT_NATURE = frozenset({AccountKind.BRAND_RECEIVABLE, AccountKind.CASH})


def _cents(value: Decimal | None) -> Decimal:
    return (value or ZERO).quantize(Decimal("0.01"))


def account_label(account: LedgerAccount) -> str:
    label = str(AccountKind(account.kind).label)
    return f"{label}: {account.organization.name}" if account.organization else label


def balance_of(kind: str, debit: Decimal, credit: Decimal) -> Decimal:
    """The balance on the account's natural side (receivable and cash: debit - credit)."""
    return debit - credit if kind in DEBIT_NATURE else credit - debit


def journal(cluster: Cluster) -> QuerySet[LedgerTransaction]:
    """The cluster's transactions, oldest first, with their entries and accounts (3 queries
    when iterated with the entries)."""
    return (
        LedgerTransaction.unscoped.filter(tenant_id=cluster.tenant_id, cluster=cluster)
        .select_related("delivery", "delivery__allocation", "delivery__allocation__order")
        .prefetch_related("entries__account__organization")
        .order_by("posted_on", "pk")
    )


@dataclass(frozen=True)
class BalanceRow:
    account: LedgerAccount
    label: str
    debit: Decimal
    credit: Decimal
    balance: Decimal


@dataclass(frozen=True)
class TrialBalance:
    rows: list[BalanceRow]
    total_debit: Decimal
    total_credit: Decimal

    @property
    def balanced(self) -> bool:
        return self.total_debit == self.total_credit


def trial_balance(cluster: Cluster) -> TrialBalance:
    """Per account: debits, credits and balance; the totals of debits and credits are equal."""
    sums = {
        row["account"]: (_cents(row["debit"]), _cents(row["credit"]))
        for row in LedgerEntry.unscoped.filter(
            tenant_id=cluster.tenant_id, transaction__cluster=cluster
        )
        .order_by()
        .values("account")
        .annotate(debit=Sum("debit"), credit=Sum("credit"))
    }
    accounts = LedgerAccount.unscoped.filter(
        tenant_id=cluster.tenant_id, cluster=cluster
    ).select_related("organization")
    rows = []
    for account in sorted(accounts, key=_account_order):
        debit, credit = sums.get(account.pk, (ZERO, ZERO))
        rows.append(
            BalanceRow(
                account=account,
                label=account_label(account),
                debit=debit,
                credit=credit,
                balance=balance_of(account.kind, debit, credit),
            )
        )
    return TrialBalance(
        rows=rows,
        total_debit=sum((r.debit for r in rows), ZERO),
        total_credit=sum((r.credit for r in rows), ZERO),
    )


_KIND_ORDER = {kind: n for n, kind in enumerate(AccountKind.values)}


def _account_order(account: LedgerAccount) -> tuple[int, str]:
    name = account.organization.name if account.organization else ""
    return _KIND_ORDER.get(account.kind, 99), name


@dataclass(frozen=True)
class StatementLine:
    posted_on: dt.date
    kind: str
    kind_label: str
    account: str
    memo: str
    debit: Decimal
    credit: Decimal
    balance: Decimal  # running, on the account's natural side
    transaction_id: int
    delivery: uuid.UUID | None = None  # the delivery's client id
    delivery_reference: str = ""
    cluster_order: str = ""
    allocation: uuid.UUID | None = None
    quantity: int | None = None
    defective: int | None = None


@dataclass(frozen=True)
class Statement:
    cluster: Cluster
    organization: Organization
    lines: list[StatementLine] = field(default_factory=list)
    # Per account of the member: its label and closing balance.
    closing: list[tuple[str, Decimal]] = field(default_factory=list)

    @property
    def balance(self) -> Decimal:
        return sum((amount for _, amount in self.closing), ZERO)


def statement(cluster: Cluster, organization: Organization) -> Statement:
    """`organization`'s entries in the cluster's ledger with a running balance per account,
    each line naming the delivery it came from (cluster order, allocation). Two queries.

    The operator's own statement covers the accounts of no member (commission, channel
    fees, margin, cash)."""
    mine = Q(organization=organization)
    if organization.pk == cluster.tenant_id:  # the operator's own: the accounts of no member
        mine |= Q(organization__isnull=True)
    accounts = list(
        LedgerAccount.unscoped.filter(
            mine, tenant_id=cluster.tenant_id, cluster=cluster
        ).select_related("organization")
    )
    accounts.sort(key=_account_order)
    entries = (
        LedgerEntry.unscoped.filter(tenant_id=cluster.tenant_id, account__in=accounts)
        .select_related(
            "transaction",
            "transaction__delivery",
            "transaction__delivery__allocation",
            "transaction__delivery__allocation__order",
        )
        .order_by("transaction__posted_on", "transaction_id", "pk")
    )
    by_account: dict[int, list[LedgerEntry]] = {a.pk: [] for a in accounts}
    for entry in entries:
        by_account[entry.account_id].append(entry)
    lines: list[StatementLine] = []
    closing: list[tuple[str, Decimal]] = []
    for account in accounts:
        label = account_label(account)
        running = ZERO
        for entry in by_account[account.pk]:
            debit, credit = _cents(entry.debit), _cents(entry.credit)
            running += balance_of(account.kind, debit, credit)
            posting = entry.transaction
            delivery = posting.delivery
            lines.append(
                StatementLine(
                    posted_on=posting.posted_on,
                    kind=posting.kind,
                    kind_label=str(posting.get_kind_display()),
                    account=label,
                    memo=entry.memo or posting.memo,
                    debit=debit,
                    credit=credit,
                    balance=running,
                    transaction_id=posting.pk,
                    delivery=delivery.client_id if delivery else None,
                    delivery_reference=delivery.reference if delivery else "",
                    cluster_order=delivery.allocation.order.number if delivery else "",
                    allocation=delivery.allocation.ref if delivery else None,
                    quantity=delivery.quantity if delivery else None,
                    defective=delivery.defective if delivery else None,
                )
            )
        closing.append((label, running))
    return Statement(cluster=cluster, organization=organization, lines=lines, closing=closing)
