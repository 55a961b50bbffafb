"""The ring page: shared values as nodes and evidence rows, the person view, the score split."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import networkx as nx
import polars as pl
import pytest

from tests.conftest import WALLET_RING_MEMBER
from workbench.investigation import investigate
from workbench.kinds import RELATIONS, evidence_groups
from workbench.score import LINK_SHARE
from workbench.views.graphs import identifier_graph, shared_values
from workbench.views.html import graph_payload, merge_views, render_graph_html
from workbench.views.pages import score_bar, split_score

UTC = timezone.utc


@pytest.fixture(scope="module")
def inv():
    return investigate("sample_data/demo_case")


def ties(*rows: tuple[str, str, str, str, float]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema=["contractor_a", "contractor_b", "kind", "value", "weight"], orient="row"
    )


def sightings(*rows: tuple[str, str, str, str, datetime | None]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "contractor_id": pl.String,
            "kind": pl.String,
            "value": pl.String,
            "raw": pl.String,
            "seen_at": pl.Datetime("us", "UTC"),
        },
        orient="row",
    )


def data_json(page: str) -> dict:
    raw = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert raw is not None
    return json.loads(raw.group(1))


def test_one_row_per_shared_value_with_its_holders_spellings_and_first_sighting():
    shared = shared_values(
        ties(
            ("a", "b", "phone", "+14155550134", 0.85),
            ("a", "c", "phone", "+14155550134", 0.85),
            ("b", "c", "phone", "+14155550134", 0.85),
        ),
        sightings(
            ("a", "phone", "+14155550134", "(415) 555-0134", datetime(2024, 5, 1, tzinfo=UTC)),
            ("b", "phone", "+14155550134", "+1 415 555 0134", datetime(2024, 3, 1, tzinfo=UTC)),
            ("c", "phone", "+14155550134", "+1 415 555 0134", None),
            ("z", "phone", "+14155550134", "4155550134", datetime(2020, 1, 1, tzinfo=UTC)),
        ),
    )
    assert shared.height == 1
    row = shared.row(0, named=True)
    assert row["members"] == ["a", "b", "c"]
    assert [w["text"] for w in row["written"]] == ["+1 415 555 0134", "(415) 555-0134"]
    assert row["since"] == datetime(2024, 3, 1, tzinfo=UTC)  # z holds it too, but is not tied


def test_relations_stay_one_row_per_pair_even_with_the_same_wording():
    same = "match weight 30.0 (last name +10.0)"
    shared = shared_values(
        ties(("a", "b", "same_person", same, 0.9), ("c", "d", "same_person", same, 0.9)),
        sightings(),
    )
    assert shared["members"].to_list() == [["a", "b"], ["c", "d"]]
    assert shared["written"].to_list() == [[], []]


def test_a_derived_value_is_kept_only_where_it_says_more_than_its_parent():
    shared = shared_values(
        ties(
            ("a", "b", "ip", "203.0.113.9", 0.45),
            ("a", "b", "ip_net", "203.0.113.0/24", 0.1),
            ("c", "d", "ip_net", "198.51.100.0/24", 0.1),
        ),
        sightings(),
    )
    assert sorted(shared["value"]) == ["198.51.100.0/24", "203.0.113.9"]


def test_a_template_is_named_by_itself_and_its_spellings_are_masked_as_e_mails():
    shared = shared_values(
        ties(("a", "b", "email_template", "smartcoder#", 0.35)),
        sightings(
            ("a", "email", "ann.smartcoder41@x.io", "Ann.Smartcoder41@x.io", None),
            ("a", "email_template", "smartcoder#", "Ann.Smartcoder41@x.io", None),
            ("b", "email_template", "smartcoder#", "bo.smartcoder42@y.io", None),
            ("b", "email", "bo.smartcoder42@y.io", "bo.smartcoder42@y.io", None),
        ),
    )
    written = shared["written"][0].to_list()
    assert {w["kind"] for w in written} == {"email"}
    people = pl.DataFrame({"contractor_id": ["a", "b"], "risk_score": [50.0, 40.0], "flags": ""})
    graph = identifier_graph(people, shared)
    assert graph.nodes["email_template:smartcoder#"]["label"] == "smartcoder#"
    page = render_graph_html(graph, title="t", redact=True)
    assert "Smartcoder41" not in page and "bo.smartcoder42" not in page
    assert "A***@x***.io" in page


def test_the_wallet_ring_lists_each_shared_value_once(inv):
    ring = inv.ring(
        inv.scored.filter(pl.col("contractor_id") == WALLET_RING_MEMBER)["ring_id"].item()
    )
    shared = ring.shared_values
    kinds = set(shared["kind"])
    assert {"payment_account", "address"} <= kinds
    assert shared.select("kind", "value", "members").n_unique() == shared.height
    assert shared.height < ring.ties.height  # one row per value, not per pair
    for row in shared.filter(~pl.col("kind").is_in(list(RELATIONS))).iter_rows(named=True):
        holders = ring.sightings.filter(
            (pl.col("kind") == row["kind"]) & (pl.col("value") == row["value"])
        )
        assert {w["text"] for w in row["written"]} == set(holders["raw"])
        assert row["since"] == holders["seen_at"].min()


def test_the_ties_part_is_the_score_of_the_ties_alone(inv):
    for ring_id in inv.ring_scores["ring_id"].head(5):
        ring = inv.ring(ring_id)
        strongest = (
            ring.ties.with_columns(group=pl.col("kind").replace(evidence_groups()))
            .group_by("group")
            .agg(pl.col("weight").max())["weight"]
        )
        tied = 1 - (1 - strongest).product()
        assert ring.tie_score == pytest.approx(round(100 * LINK_SHARE * tied, 1))
        ties_part, flags_part = split_score(ring.score, ring.tie_score)
        assert ties_part >= 0 and flags_part >= 0
        assert ties_part + flags_part == pytest.approx(ring.score)


@pytest.mark.parametrize(
    ("score", "tie_score"), [(83.3, 27.2), (35.0, 35.0), (0.0, 0.0), (12.4, 40.0), (99.9, 0.1)]
)
def test_the_score_bar_parts_add_up_to_the_score(score, tie_score):
    bar = score_bar(score, tie_score)
    points = [float(p) for p in re.findall(r'data-points="([\d.]+)"', bar)]
    widths = [float(w) for w in re.findall(r"width:([\d.]+)%", bar)]
    assert len(points) == 2 and sum(points) == pytest.approx(score)
    assert widths == points
    assert f"{100 * LINK_SHARE:g}·T" in bar  # the rule is stated beside the bar


def test_the_ring_page_offers_both_views_and_explains_every_encoding(inv):
    ring = inv.ring(
        inv.scored.filter(pl.col("contractor_id") == WALLET_RING_MEMBER)["ring_id"].item()
    )
    page = ring.page()
    assert page.count('class="graph-view"') == 2
    data = data_json(page)
    people = {n["id"] for n in data["nodes"] if n["person"]}
    values = [n for n in data["nodes"] if not n["person"]]
    assert len(people) == ring.members.height
    assert {n["kind"] for n in values} >= {"Payment account", "Address"}
    assert all(n["views"] == [0] for n in values)
    assert all(set(n["views"]) == {0, 1} for n in data["nodes"] if n["person"])
    assert all({e["from"], e["to"]} <= people for e in data["edges"] if e["view"] == 1)
    legend = page[page.index('class="legend"') : page.index('id="graph-selection"')]
    for words in ("Size: a person", "Shape and colour", "Dashed line", "Referral: a relation"):
        assert words in legend
    assert legend.count('class="edge-toggle"') == len({e["kind"] for e in data["edges"]})
    assert legend.count("<svg") == len({n["kind"] for n in data["nodes"]})
    assert page.count("<tr>", page.index('id="evidence"'), page.index('id="red-flags"')) == (
        1 + ring.shared_values.height
    )


def test_nodes_sit_where_the_first_view_puts_them():
    values = nx.Graph()
    values.add_edge("c1", "acct", weight=1.0)
    values.add_edge("c2", "acct", weight=1.0)
    people = nx.Graph()
    people.add_edge("c1", "c2", weight=1.0)
    merged = graph_payload(merge_views({"values": values, "people": people}))
    alone = graph_payload(values)
    assert [(n["x"], n["y"]) for n in merged["nodes"]] == [(n["x"], n["y"]) for n in alone["nodes"]]


def test_a_single_view_has_no_view_switch():
    graph = nx.Graph()
    graph.add_edge("c1", "c2", kind="ip", weight=0.4)
    page = render_graph_html(graph, title="one")
    assert 'class="graph-view"' not in page
    data = data_json(page)
    assert all("views" not in n for n in data["nodes"])
    assert all("view" not in e for e in data["edges"])


def test_redacted_ring_page_masks_every_spelling_of_a_shared_value(write_case):
    folder = write_case(
        {
            "contractors.csv": (
                "contractor_id,full_name,email,phone,address,country\n"
                "p1,Ann Lee,ann.lee@mail.com,+1 (415) 555-0134,9 Farm Road Phoenix AZ 85001,US\n"
                "p2,Bo Kim,bo.kim@mail.com,415.555.0134,9 Farm Rd Phoenix AZ 85001,US\n"
            ),
        }
    )
    investigation = investigate(folder)
    ring = investigation.ring(investigation.ring_scores["ring_id"][0])
    spellings = ["+1 (415) 555-0134", "415.555.0134", "9 Farm Road Phoenix", "9 Farm Rd Phoenix"]
    plain, redacted = ring.page(), ring.page(redact=True)
    assert all(spelling in plain for spelling in spellings)
    assert not any(spelling in redacted for spelling in spellings)
    assert "+1 *** *** 0134" in redacted and "*** (address redacted)" in redacted
