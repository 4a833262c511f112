"""Each line's layout: balanced for the garment it is set up for, on its own workers at the
paces their two weeks of scans measured, and saved as the line's layout — so the floor's
line page shows the hours against what the layout expects."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from seamline.demo.build.context import DemoContext, FactoryData
from seamline.demo.data.catalog import BRAND_STYLES
from seamline.shopfloor.balancing import layout_activate, layout_propose
from seamline.shopfloor.choices import PayType
from seamline.shopfloor.models import Worker
from seamline.tenancy.choices import Role

# The demo's lines are quick to balance; a second each keeps the load short.
TIME_LIMIT_S = 1.0


def load_layouts(ctx: DemoContext, factory: FactoryData) -> None:
    """Run inside `tenant_context(factory.org)`, after the floor."""
    planner = ctx.staff[(factory.spec.key, Role.PLANNER)]
    style_of = {spec.bulletin: factory.styles[spec.code] for spec in BRAND_STYLES}
    for line, bulletin in zip(factory.lines, factory.spec.line_styles, strict=True):
        workers = list(
            Worker.objects.filter(line=line, is_active=True, pay_type=PayType.PIECE).order_by(
                "code"
            )
        )
        if not workers:
            continue
        try:
            layout = layout_propose(
                line=line,
                style=style_of[bulletin],
                target_per_hour=None,
                head_count=len(workers),
                workers=workers,
                by=planner,
                time_limit_s=TIME_LIMIT_S,
            )
        except ValidationError:
            # The crew cannot cover the bulletin under the flow rules (a machine or grade
            # short): the line keeps working without a layout, as a planner would see.
            continue
        layout_activate(layout=layout, by=planner)
