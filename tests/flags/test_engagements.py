from dataclasses import replace
from datetime import date, datetime, timezone

from tests.held import Held
from workbench.case_tables import CaseTables
from workbench.flags import engagements
from workbench.flags.context import FlagContext


def ctx_of(rows, as_of=None):
    ids, clients, starts, ends = (list(column) for column in zip(*rows, strict=True))
    ctx = FlagContext.build(
        engagements={
            "contractor_id": ids,
            "client": clients,
            "started_at": starts,
            "ended_at": ends,
        },
        as_of=as_of,
    )
    return ctx


JAN, APR, JUL = date(2025, 1, 1), date(2025, 4, 1), date(2025, 7, 1)
END_OF_YEAR = datetime(2025, 12, 31, tzinfo=timezone.utc)


def test_three_clients_at_once_for_weeks_is_flagged():
    rows = [("a", c, JAN, JUL) for c in ("Acme", "Globex", "Initech")]
    out = engagements.concurrent_clients(ctx_of(rows))
    assert out["contractor_id"].to_list() == ["a"]
    assert out["evidence"][0] == "3 clients at once for 182 days (Acme, Globex, Initech)"


def test_two_clients_or_a_short_overlap_is_ordinary():
    two = [("a", "Acme", JAN, JUL), ("a", "Globex", JAN, JUL)]
    handover = [
        ("b", "Acme", JAN, date(2025, 4, 10)),
        ("b", "Globex", APR, JUL),
        ("b", "Initech", date(2025, 4, 5), JUL),
    ]
    assert engagements.concurrent_clients(ctx_of(two + handover)).is_empty()


def test_one_contract_listed_twice_counts_once():
    rows = [("a", "Acme", JAN, JUL), ("a", "Acme", JAN, JUL), ("a", "Globex", JAN, JUL)]
    assert engagements.concurrent_clients(ctx_of(rows)).is_empty()


def test_a_renewal_overlapping_its_contract_is_the_same_client():
    rows = [("a", "Acme", JAN, date(2025, 6, 30)), ("a", "Acme", date(2025, 3, 1), None)]
    rows += [("a", "Globex", JAN, None)]
    assert engagements.concurrent_clients(ctx_of(rows, as_of=END_OF_YEAR)).is_empty()


def test_the_evidence_names_the_clients_served_at_once_only():
    rows = [("a", "Hooli", date(2021, 1, 1), date(2021, 12, 31))]
    rows += [("a", c, JAN, APR) for c in ("Acme", "Globex", "Initech")]
    out = engagements.concurrent_clients(ctx_of(rows))
    assert out["evidence"].to_list() == ["3 clients at once for 91 days (Acme, Globex, Initech)"]
    assert out["refs"].to_list() == ["engagements:2;engagements:3;engagements:4"]


def test_open_engagements_run_to_as_of():
    rows = [("a", c, JAN, None) for c in ("Acme", "Globex", "Initech")]
    early = datetime(2025, 1, 20, tzinfo=timezone.utc)
    assert engagements.concurrent_clients(ctx_of(rows, as_of=early)).is_empty()
    late = datetime(2025, 3, 1, tzinfo=timezone.utc)
    out = engagements.concurrent_clients(ctx_of(rows, as_of=late))
    assert out["evidence"][0].startswith("3 clients at once for 60 days")


def test_levels_restart_for_each_identity_and_sum_a_day_once():
    # a's clients end the day before b's start; b opens and closes contracts on one day.
    a = [("a", c, JAN, date(2025, 2, 28)) for c in ("Acme", "Globex", "Initech")]
    b = [
        ("b", "Acme", JAN, JUL),
        ("b", "Globex", APR, JUL),
        ("b", "Initech", APR, date(2025, 5, 15)),
        ("b", "Umbrella", date(2025, 5, 16), JUL),
    ]
    out = engagements.concurrent_clients(ctx_of(a + b))
    assert out["evidence"].to_list() == [
        "3 clients at once for 59 days (Acme, Globex, Initech)",
        "3 clients at once for 92 days (Acme, Globex, Initech, Umbrella)",
    ]


def test_without_as_of_open_engagements_run_to_the_latest_date_held_or_not():
    # The latest dated record is an end in one part of the rows and a start in the
    # other; an engagement without a client dates nothing.
    rows = [
        ("a", "Acme", JAN, date(2025, 5, 31)),
        ("b", None, date(2025, 12, 1), None),
        ("c", "Globex", APR, None),
        ("d", "Initech", date(2025, 6, 15), None),
    ]
    ctx = ctx_of(rows)
    assert engagements.open_end(ctx) == date(2025, 6, 15)
    held = Held(ctx.table("engagements"))
    on_engine = replace(ctx, tables=CaseTables({**ctx.tables, "engagements": held}))
    assert engagements.open_end(on_engine) == date(2025, 6, 15)
    assert held.asked == ["per_part"]
    assert engagements.open_end(ctx_of([("a", None, JAN, JUL)])) is None
