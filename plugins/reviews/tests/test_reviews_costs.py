"""Cost sharing's services: season terms, claims, the budget cap, the report and its
CSV (pages: ``test_reviews_costs_pages.py``)."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lanta.models import Partner, User
from lanta.services import partners as partners_service
from lanta.services import users as users_service
from lanta.services.errors import InvalidField, NotFound
from reviews_support import in_own_session
from lanta_reviews import models  # its Test and Tester, imported, would be collected
from lanta_reviews.costs_csv import claims_csv
from lanta_reviews.models import Season
from lanta_reviews.services import claims, cost_report, seasons

YEAR = 2026


def add_test(dbsession, tester, partner, *, amount_cents=4000, receipt="r-1.jpg",
             visited_on=dt.date(YEAR, 5, 3), claim=False, reviewed=True) -> models.Test:
    """A declared test, as the testing pages would store it, with its review unless
    ``reviewed`` is false (a private feedback: a claim needs a review, whatever it says)."""
    row = models.Test(tester_id=tester.id, partner_id=partner.id, visited_on=visited_on,
               season=visited_on.year, what="Dîner pour deux", amount_cents=amount_cents,
               receipt_name=receipt)
    dbsession.add(row)
    dbsession.flush()
    if reviewed:
        dbsession.add(models.Review(test_id=row.id, tester_id=tester.id,
                                    partner_id=partner.id, rating=2, title="Bof",
                                    text="Service lent, plats tièdes.", language="fr",
                                    status="private"))
        dbsession.flush()
    if claim:
        claims.claim(dbsession, row.id, tester.id)
    return row


def set_season(dbsession, budget="100", share=50, cap="30", year=YEAR) -> Season:
    return seasons.update(dbsession, year, share_percent=share, cap=cap, budget=budget)


# --- seasons ---------------------------------------------------------------------------------


def test_a_season_without_terms_reads_with_the_defaults_and_writes_nothing(dbsession):
    terms = seasons.terms(dbsession, YEAR)
    assert (terms.share_percent, terms.cap_cents, terms.budget_cents, terms.saved) == \
        (50, 3000, 0, False)
    assert dbsession.get(Season, YEAR) is None


def test_season_terms_take_euros_with_cents(dbsession):
    row = set_season(dbsession, budget="1 200,5", share=40, cap="25.75")
    assert (row.share_percent, row.cap_cents, row.budget_cents) == (40, 2575, 120050)
    assert seasons.terms(dbsession, YEAR).saved


@pytest.mark.parametrize("kwargs, field", [
    ({"share_percent": 101}, "share_percent"),
    ({"share_percent": -1}, "share_percent"),
    ({"cap": "-5"}, "cap"),
    ({"cap": "3,505"}, "cap"),
    ({"budget": "beaucoup"}, "budget"),
    ({"budget": -100}, "budget"),
])
def test_bad_season_terms_are_refused_with_nothing_written(dbsession, kwargs, field):
    values = {"share_percent": 50, "cap": "30", "budget": "100"} | kwargs
    with pytest.raises(InvalidField) as refused:
        seasons.update(dbsession, YEAR, **values)
    assert refused.value.on == field
    assert dbsession.get(Season, YEAR) is None


# --- share and cap ---------------------------------------------------------------------------


@pytest.mark.parametrize("amount, percent, cap, share", [
    (4000, 50, 3000, 2000),   # half of 40 €
    (8000, 50, 3000, 3000),   # half of 80 € is over the cap
    (1001, 50, 3000, 501),    # 5,005 € rounds up to the cent
    (999, 33, 3000, 330),     # 3,2967 € → 3,30 €
    (4000, 0, 3000, 0),
    (4000, 100, 0, 0),
])
def test_office_share_is_the_percentage_rounded_to_the_cent_at_most_the_cap(
        amount, percent, cap, share):
    assert claims.office_share(amount, percent, cap) == share


def test_approval_fixes_the_share_with_the_season_terms(dbsession, tester, partner,
                                                        make_partner):
    set_season(dbsession, budget="500", share=50, cap="30")
    small = add_test(dbsession, tester, partner, amount_cents=4550, claim=True)
    big = add_test(dbsession, tester, make_partner("le-grand-large"), amount_cents=12000,
                   claim=True)
    assert claims.approve(dbsession, small.id, None).office_share_cents == 2275
    assert claims.approve(dbsession, big.id, None).office_share_cents == 3000
    assert big.claim_status == "approved" and big.decided_at is not None


# --- claiming --------------------------------------------------------------------------------


def test_a_tester_claims_their_own_test_with_a_receipt(dbsession, tester, partner):
    test = add_test(dbsession, tester, partner)
    claims.claim(dbsession, test.id, tester.id)
    assert test.claim_status == "submitted" and test.claimed_at is not None
    with pytest.raises(claims.ClaimRefused):
        claims.claim(dbsession, test.id, tester.id)  # once only


def test_a_test_without_a_receipt_cannot_be_claimed(dbsession, tester, partner):
    test = add_test(dbsession, tester, partner, receipt="")
    with pytest.raises(claims.ClaimRefused) as refused:
        claims.claim(dbsession, test.id, tester.id)
    assert "receipt" in refused.value.message
    assert test.claim_status == "none"


def test_a_free_test_cannot_be_claimed(dbsession, tester, partner):
    test = add_test(dbsession, tester, partner, amount_cents=0)
    with pytest.raises(claims.ClaimRefused):
        claims.claim(dbsession, test.id, tester.id)


def test_a_tester_cannot_claim_another_testers_test(dbsession, tester, partner, users):
    other_user = users_service.create(dbsession, "other-tester@example.org", "x" * 16,
                                      "tester", display_name="Other")
    other = models.Tester(user_id=other_user.id, display_name="Paul", slug="paul",
                   kind="resident")
    dbsession.add(other)
    dbsession.flush()
    theirs = add_test(dbsession, other, partner)
    with pytest.raises(NotFound):
        claims.claim(dbsession, theirs.id, tester.id)
    assert theirs.claim_status == "none"


# --- deciding --------------------------------------------------------------------------------


def test_refusing_needs_a_reason(dbsession, tester, partner):
    test = add_test(dbsession, tester, partner, claim=True)
    with pytest.raises(InvalidField) as refused:
        claims.refuse(dbsession, test.id, "   ", None)
    assert refused.value.on == "reason"
    assert test.claim_status == "submitted"
    claims.refuse(dbsession, test.id, "Ticket illisible", None)
    assert (test.claim_status, test.claim_reason, test.office_share_cents) == \
        ("refused", "Ticket illisible", 0)


def test_paid_only_after_approved(dbsession, tester, partner):
    set_season(dbsession)
    test = add_test(dbsession, tester, partner, claim=True)
    with pytest.raises(claims.ClaimRefused):
        claims.mark_paid(dbsession, test.id, None)
    assert test.claim_status == "submitted" and test.paid_at is None
    claims.approve(dbsession, test.id, None)
    claims.mark_paid(dbsession, test.id, None)
    assert test.claim_status == "paid" and test.paid_at is not None
    with pytest.raises(claims.ClaimRefused):
        claims.mark_paid(dbsession, test.id, None)


def test_a_refused_claim_cannot_be_approved(dbsession, tester, partner):
    set_season(dbsession)
    test = add_test(dbsession, tester, partner, claim=True)
    claims.refuse(dbsession, test.id, "Hors saison", None)
    with pytest.raises(claims.ClaimRefused):
        claims.approve(dbsession, test.id, None)


def test_no_approval_before_the_season_has_a_budget(dbsession, tester, partner):
    test = add_test(dbsession, tester, partner, claim=True)
    with pytest.raises(claims.BudgetExceeded) as refused:
        claims.approve(dbsession, test.id, None)
    assert refused.value.mapping == {"year": YEAR}
    assert test.claim_status == "submitted"


def test_the_budget_cap_is_respected(dbsession, tester, partner, make_partner):
    # 50 € budget, two claims of 30 € each (capped): the second does not fit.
    set_season(dbsession, budget="50", share=50, cap="30")
    first = add_test(dbsession, tester, partner, amount_cents=8000, claim=True)
    second = add_test(dbsession, tester, make_partner("le-grand-large"),
                      amount_cents=7000, claim=True)
    claims.approve(dbsession, first.id, None)
    with pytest.raises(claims.BudgetExceeded) as refused:
        claims.approve(dbsession, second.id, None)
    assert refused.value.mapping == {"year": YEAR, "share": "30,00", "remaining": "20,00"}
    assert "cannot cover" in str(refused.value) and "20,00 € left" in str(refused.value)
    assert second.claim_status == "submitted" and second.office_share_cents == 0
    # Paid claims count too: paying the first frees nothing.
    claims.mark_paid(dbsession, first.id, None)
    with pytest.raises(claims.BudgetExceeded):
        claims.approve(dbsession, second.id, None)
    # Raising the budget lets it through.
    set_season(dbsession, budget="60", share=50, cap="30")
    claims.approve(dbsession, second.id, None)
    assert cost_report.season_report(dbsession, YEAR).remaining_cents == 0


def test_seasons_have_their_own_budgets(dbsession, tester, partner):
    set_season(dbsession, budget="30", year=YEAR)
    set_season(dbsession, budget="30", year=YEAR + 1)
    this = add_test(dbsession, tester, partner, amount_cents=6000, claim=True)
    nxt = add_test(dbsession, tester, partner, amount_cents=6000, claim=True,
                   visited_on=dt.date(YEAR + 1, 2, 1))
    claims.approve(dbsession, this.id, None)
    claims.approve(dbsession, nxt.id, None)  # this year's spending does not count
    assert nxt.claim_status == "approved"


# --- the report and the CSV ------------------------------------------------------------------


def _parse(body: bytes) -> list[dict[str, str]]:
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def _cents(text: str) -> int:
    euros, cents = text.split(",")
    return int(euros) * 100 + int(cents)


def test_report_figures_and_csv_totals_match(dbsession, tester, partner, make_partner):
    set_season(dbsession, budget="200", share=50, cap="30")
    other_place = make_partner("le-grand-large")
    paid = add_test(dbsession, tester, partner, amount_cents=5000, claim=True)
    approved = add_test(dbsession, tester, other_place, amount_cents=9000, claim=True)
    refused = add_test(dbsession, tester, make_partner("cafe-du-port"), amount_cents=1200,
                       claim=True)
    waiting = add_test(dbsession, tester, make_partner("la-creperie"), amount_cents=2400,
                       claim=True)
    add_test(dbsession, tester, make_partner("le-musee"), amount_cents=1500)  # unclaimed
    add_test(dbsession, tester, make_partner("la-plage"), amount_cents=700,
             visited_on=dt.date(YEAR - 1, 8, 1))  # another season
    claims.approve(dbsession, paid.id, None)
    claims.mark_paid(dbsession, paid.id, None)
    claims.approve(dbsession, approved.id, None)
    claims.refuse(dbsession, refused.id, "Pas de ticket lisible", None)

    report = cost_report.season_report(dbsession, YEAR)
    t = report.totals
    assert (t.tests, t.spent_cents, t.claims, t.claimed_cents, t.waiting) == \
        (5, 5000 + 9000 + 1200 + 2400 + 1500, 4, 5000 + 9000 + 1200 + 2400, 1)
    assert (t.approved_cents, t.paid_cents) == (3000, 2500)
    assert report.remaining_cents == 20000 - 3000 - 2500
    assert [r.key for r in report.testers] == ["manon-b"]
    assert report.testers[0].figures == t
    per_partner = {r.key: r.figures for r in report.partners}
    assert per_partner["le-grand-large"].approved_cents == 3000
    assert per_partner["chez-germaine"].paid_cents == 2500
    assert sum(f.spent_cents for f in per_partner.values()) == t.spent_cents

    rows = _parse(claims_csv(cost_report.claim_lines(dbsession, YEAR)))
    assert len(rows) == t.claims
    assert sum(_cents(r["amount_eur"]) for r in rows) == t.claimed_cents
    assert sum(_cents(r["office_share_eur"]) for r in rows
               if r["status"] == "approved") == t.approved_cents
    assert sum(_cents(r["office_share_eur"]) for r in rows
               if r["status"] == "paid") == t.paid_cents
    by_id = {int(r["test_id"]): r for r in rows}
    assert by_id[paid.id]["paid_on"] == paid.paid_at.date().isoformat()
    assert by_id[waiting.id]["office_share_eur"] == ""
    assert by_id[refused.id]["status"] == "refused"
    assert by_id[approved.id]["tester"] == "Manon B."
    assert by_id[approved.id]["partner"] == "Le Grand Large"


def test_csv_cells_that_look_like_formulas_are_made_text(dbsession, tester, make_partner):
    tester.display_name = "=HYPERLINK(\"http://x\")"
    place = partners_service.create(dbsession, {
        "slug": "formule", "category": "restaurant", "name": {"fr": "+33 Bistro"}})
    add_test(dbsession, tester, place, claim=True)
    row = _parse(claims_csv(cost_report.claim_lines(dbsession, YEAR)))[0]
    assert row["tester"].startswith("'=")
    assert row["partner"] == "'+33 Bistro"


# --- the race for the last of the budget (PostgreSQL) ---------------------------------------


@pytest.mark.concurrent_writers
def test_two_approvals_racing_for_the_last_of_the_budget_only_one_wins(engine, db_backend):
    import threading

    from sqlalchemy import text

    blocked_by = text("SELECT EXISTS (SELECT 1 FROM pg_stat_activity "
                      "WHERE :pid = ANY(pg_blocking_pids(pid)))")
    year = 2091  # a season of its own: nothing else counts against its budget
    with Session(engine) as setup:
        user = users_service.create(setup, "race-tester@example.org", "x" * 16, "tester",
                                    display_name="Race")
        tester = models.Tester(user_id=user.id, display_name="Race", slug="race-tester",
                        kind="resident")
        setup.add(tester)
        setup.flush()
        places = [partners_service.create(setup, {
            "slug": f"race-{n}", "category": "restaurant", "name": {"fr": f"Race {n}"}})
            for n in (1, 2)]
        seasons.update(setup, year, share_percent=50, cap="30", budget="40")
        tests = [add_test(setup, tester, place, amount_cents=6000, claim=True,
                          visited_on=dt.date(year, 6, 1)) for place in places]
        setup.commit()
        ids = {"user": user.id, "partners": [p.id for p in places],
               "tests": [t.id for t in tests]}
    outcome: list[object] = []

    second_office_member = in_own_session(
        engine, outcome, lambda other: claims.approve(other, ids["tests"][1], None),
        refused=(claims.BudgetExceeded,))

    first = Session(engine)
    try:
        claims.approve(first, ids["tests"][0], None)
        holder = first.scalar(text("SELECT pg_backend_pid()"))
        thread = threading.Thread(target=second_office_member)
        thread.start()
        with engine.connect() as probe:  # wait until it waits on the season's lock
            while thread.is_alive() and not probe.scalar(blocked_by, {"pid": holder}):
                probe.rollback()
                thread.join(0.05)
        first.commit()
        thread.join()
        assert isinstance(outcome[0], claims.BudgetExceeded)
        with Session(engine) as check:
            statuses = check.scalars(select(models.Test.claim_status).where(
                models.Test.id.in_(ids["tests"])).order_by(models.Test.id)).all()
            assert statuses == ["approved", "submitted"]
            assert claims.committed_cents(check, year) == 3000
    finally:
        first.close()
        with Session(engine) as cleanup:
            cleanup.execute(delete(Season).where(Season.year == year))
            cleanup.execute(delete(Partner).where(Partner.id.in_(ids["partners"])))
            cleanup.execute(delete(User).where(User.id == ids["user"]))
            cleanup.commit()
