"""The demo's case work is generated through the services and leaves a consistent fund."""

from decimal import Decimal

from django.db.models import Sum

from mixedflows.cases.models import Case, Fund, FundRequest, ReturnCase
from mixedflows.demo.cases import add_cases_demo
from mixedflows.demo.generator import Generator
from mixedflows.demo.world import ensure_world


def test_demo_cases_cover_every_stage_and_the_fund_adds_up(db, capsys):
    world = ensure_world()
    Generator(world, seed=3).run(people=600)
    add_cases_demo(world, seed=3)
    assert capsys.readouterr().out == ""
    cases = Case.objects.filter(organisation__short_name="AGM")
    assert cases.count() >= 100
    assert {"open", "follow_up", "closed"} <= set(cases.values_list("status", flat=True))
    assert ReturnCase.objects.values("stage").distinct().count() >= 4
    fund = Fund.objects.get()
    approved = FundRequest.objects.filter(status="approved").aggregate(total=Sum("amount"))[
        "total"
    ] or Decimal(0)
    assert fund.committed == approved and fund.remaining == fund.budget - approved
