import itertools

import polars as pl

from workbench.subteams import sub_teams


def _clique(ids, weight=0.9):
    return [(a, b, weight) for a, b in itertools.combinations(ids, 2)]


def _frames(rings, edges):
    members = pl.DataFrame(
        [(ring, m) for ring, ids in rings.items() for m in ids],
        schema={"ring_id": pl.String, "contractor_id": pl.String},
        orient="row",
    )
    pairs = pl.DataFrame(
        edges,
        schema={"contractor_a": pl.String, "contractor_b": pl.String, "weight": pl.Float64},
        orient="row",
    )
    return members, pairs


def test_two_teams_joined_by_one_weak_tie_are_two_sub_teams_of_one_ring():
    left, right = [f"a{i:02}" for i in range(8)], [f"b{i:02}" for i in range(6)]
    members, pairs = _frames(
        {"R-1": left + right}, _clique(left) + _clique(right) + [("a00", "b00", 0.3)]
    )
    teams = sub_teams(members, pairs, seed=7)
    assert teams["ring_id"].unique().to_list() == ["R-1"]
    by_team = teams.group_by("sub_team").agg(pl.col("contractor_id").sort()).sort("sub_team")
    assert by_team["contractor_id"].to_list() == [left, right]


def test_a_farm_tied_all_to_all_is_one_sub_team():
    farm = [f"f{i:03}" for i in range(30)]
    members, pairs = _frames({"R-9": farm}, _clique(farm))
    assert sub_teams(members, pairs, seed=7)["sub_team"].unique().to_list() == [1]


def test_small_rings_get_no_sub_teams():
    members, pairs = _frames({"R-2": ["x", "y", "z"]}, _clique(["x", "y", "z"]))
    assert sub_teams(members, pairs, seed=7).is_empty()


def test_sub_teams_do_not_depend_on_row_order():
    left, right = [f"a{i:02}" for i in range(8)], [f"b{i:02}" for i in range(6)]
    edges = _clique(left) + _clique(right) + [("a03", "b02", 0.3)]
    members, pairs = _frames({"R-1": left + right}, edges)
    shuffled = pairs.sample(fraction=1.0, shuffle=True, seed=3)
    assert sub_teams(members, pairs, seed=7).equals(sub_teams(members.reverse(), shuffled, seed=7))


def test_a_large_ring_page_colours_people_by_sub_team_and_says_so():
    from workbench.views.graphs import contractor_graph
    from workbench.views.html import render_graph_html
    from workbench.views.style import sub_team_color

    people = pl.DataFrame(
        {
            "contractor_id": ["a", "b", "c"],
            "risk_score": [60.0, 55.0, 50.0],
            "flags": ["", "", ""],
            "sub_team": [1, 1, 2],
        }
    )
    no_ties = pl.DataFrame(
        schema={
            "contractor_a": pl.String,
            "contractor_b": pl.String,
            "kind": pl.String,
            "value": pl.String,
            "weight": pl.Float64,
        }
    )
    page = render_graph_html(contractor_graph(people, no_ties), title="ring")
    assert page.count(f'"color":"{sub_team_color(1)}"') == 2
    assert page.count(f'"color":"{sub_team_color(2)}"') == 1
    assert "a community found inside this large ring" in page
    small = render_graph_html(contractor_graph(people.drop("sub_team"), no_ties), title="ring")
    assert sub_team_color(2) not in small and "community found inside" not in small
