import json
import re

import networkx as nx
import pytest

from workbench.views.html import (
    graph_payload,
    layout,
    legend_html,
    merge_views,
    reduce_graph,
    render_graph_html,
)

PAYLOAD = "</script><script>window.__pwned=1</script><!--\u2028<img src=x onerror=alert(1)>"


def ring() -> nx.MultiGraph:
    graph = nx.MultiGraph()
    graph.add_node(
        "c1",
        kind="contractor",
        label=PAYLOAD,
        risk=90.0,
        email="jane.roe@gmail.com",
        note=PAYLOAD,
        flags="vpn",
    )
    graph.add_node("c2", kind="contractor", label="Bob", risk=float("nan"))
    graph.add_node("acct", kind="payment_account", label="DE89370400440532013000")
    graph.add_node("odd", kind="<i>novel</i>", label="x")
    graph.add_edge("c1", "acct", kind="payment_account", weight=1.0, evidence=PAYLOAD)
    graph.add_edge(
        "c2", "acct", kind="payment_account", weight=0.8, evidence="iban DE89370400440532013000"
    )
    graph.add_edge("c1", "c2", kind="ip", weight=0.2, evidence="ip")
    graph.add_edge("c1", "c2", kind="referral", weight=0.5, evidence="ref")
    graph.add_edge("c2", "odd", kind="<i>novel</i>", weight=0.1)
    return graph


def data_json(page: str) -> dict:
    raw = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert raw is not None
    return json.loads(raw.group(1))


def test_same_input_gives_byte_identical_html():
    assert render_graph_html(ring(), title="R") == render_graph_html(ring(), title="R")


def test_insertion_order_does_not_change_output():
    forward = ring()
    backward = nx.MultiGraph()
    backward.add_nodes_from(reversed(list(forward.nodes(data=True))))
    backward.add_edges_from(reversed(list(forward.edges(data=True))))
    assert render_graph_html(forward, title="R") == render_graph_html(backward, title="R")


def test_payload_never_appears_raw_and_round_trips_through_json():
    page = render_graph_html(ring(), title=PAYLOAD, subtitle=PAYLOAD)
    assert "<script>window.__pwned" not in page
    assert "<img src=x" not in page
    block = page[page.index('id="graph-data">') :]
    block = block[: block.index("</script>")]
    assert "\u2028" not in block and "\\u2028" in block
    assert page.count("</script") == 3  # data block, vis-network, ours: nothing closes early
    labels = {n["label"] for n in data_json(page)["nodes"]}
    assert PAYLOAD in labels
    assert "&lt;/script&gt;&lt;script&gt;" in page  # title shown as text


def test_no_external_urls_in_src_or_href_and_csp_forbids_network():
    page = render_graph_html(ring(), title="R")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert not re.search(r"url\(\s*['\"]?https?:", page, re.I)
    assert "default-src 'none'" in page
    assert "cdn" not in page.lower().split("<script>")[0]


def test_redact_masks_labels_details_and_evidence():
    page = render_graph_html(ring(), title="R", redact=True)
    assert "jane.roe@gmail.com" not in page
    assert "DE89370400440532013000" not in page
    data = data_json(page)
    assert "…3000" in {n["label"] for n in data["nodes"]}
    assert any("…3000" in e["label"] for e in data["edges"])


def test_unknown_kind_gets_default_style_and_escaped_legend():
    page = render_graph_html(ring(), title="R")
    assert "&lt;i&gt;novel&lt;/i&gt;" in page
    assert "<i>novel</i>" not in page


def test_payload_styles_size_width_dashes_and_parallel_curves():
    data = graph_payload(ring())
    nodes = {n["label"]: n for n in data["nodes"]}
    assert nodes[PAYLOAD]["size"] > nodes["Bob"]["size"]  # NaN risk is treated as 0
    assert nodes["DE89370400440532013000"]["shape"] == "star"
    between = [
        e
        for e in data["edges"]
        if {e["from"], e["to"]} == {nodes[PAYLOAD]["id"], nodes["Bob"]["id"]}
    ]
    assert sorted(e["curve"] for e in between) == [0.0, 0.15]
    ip = next(e for e in data["edges"] if e["kind"] == "Shared login IP")
    assert ip["dashed"] and ip["width"] < max(e["width"] for e in data["edges"])


def test_node_ids_are_opaque():
    page = render_graph_html(ring(), title="R")
    assert {n["id"] for n in data_json(page)["nodes"]} == {"n0", "n1", "n2", "n3"}


def test_layout_depends_on_seed_only():
    graph = nx.cycle_graph([f"v{i}" for i in range(12)])
    assert layout(graph, 1) == layout(graph, 1)
    assert layout(graph, 1) != layout(graph, 2)


def test_reduce_keeps_riskiest_contractors_and_their_ties():
    graph = nx.Graph()
    for i in range(10):
        graph.add_node(f"c{i}", kind="contractor", risk=float(i * 10))
        graph.add_node(f"x{i}", kind="device")
        graph.add_edge(f"c{i}", f"x{i}", weight=1.0)
    kept = set(reduce_graph(graph, 4))
    assert kept == {"c9", "c8", "x9", "x8"}


@pytest.mark.parametrize("max_nodes", [3, 1000])
def test_cap_note_only_when_cut(max_nodes):
    page = render_graph_html(ring(), title="R", max_nodes=max_nodes)
    assert ("Showing 3 of 4 nodes" in page) == (max_nodes == 3)
    assert len(data_json(page)["nodes"]) == min(4, max_nodes)


def test_empty_and_single_node_graphs_render():
    single = nx.Graph()
    single.add_node("only", kind="contractor", label="only", risk=1)
    assert data_json(render_graph_html(single, title="s"))["nodes"][0]["x"] == 0.0
    empty = data_json(render_graph_html(nx.Graph(), title="e"))
    assert (empty["nodes"], empty["edges"]) == ([], [])


def test_vendored_script_cannot_end_its_element_or_fetch_a_source_map():
    from workbench.views.html import asset

    vis = asset("vis-network.min.js")
    assert "</script" not in vis.lower() and "<!--" not in vis
    assert "sourceMappingURL" not in vis


def test_redact_masks_identifier_details_and_evidence_by_kind():
    graph = nx.MultiGraph()
    graph.add_node(
        "contractor:c1",
        kind="contractor",
        label="Ann",
        risk=50,
        address="9 Elm Road, Leeds",
        country="GB",
    )
    graph.add_node(
        "address:9 elm",
        kind="address",
        label="9 Elm Road, Leeds",
        value="9 elm road leeds",
        written="9 Elm Road, Leeds; 9 Elm Rd Leeds",
        shared_by="c1",
        note="9 Elm Road, Leeds",
    )
    graph.add_edge(
        "contractor:c1",
        "address:9 elm",
        kind="address",
        weight=0.9,
        evidence="shared address: 9 Elm Road, Leeds",
    )
    page = render_graph_html(graph, title="R", redact=True)
    assert "Elm" not in page and "Leeds" not in page
    data = data_json(page)
    assert data["edges"][0]["label"] == "shared address: *** (address redacted)"
    rows = dict(next(n for n in data["nodes"] if n["label"] == "Ann")["rows"])
    assert rows["country"] == "GB"
    value_rows = dict(next(n for n in data["nodes"] if n["kind"] == "Address")["rows"])
    assert value_rows["written as"] == "*** (address redacted)"  # both spellings, one mask
    assert value_rows["shared by"] == "c1" and value_rows["note"] == "*** (address redacted)"


def test_merged_views_keep_networkx_keys_and_the_order_of_their_edges():
    values, people = nx.MultiGraph(), nx.MultiGraph()
    values.add_edge("c1", "acct", key="k", kind="payment_account", weight=1.0)
    values.add_edge("acct", "c1", key="other", kind="payment_account", view=5)
    values.add_edge("c2", "acct", kind="payment_account", key="x")
    people.add_edge("c1", "c2", kind="ip", key="ip:1")
    # An attribute may even be called "key", as networkx's own arguments are.
    people.add_edges_from([("c2", "c1", "referral:1", {"kind": "referral", "key": "an attribute"})])
    merged = merge_views({"values": values, "people": people})
    reference = nx.MultiGraph()
    for index, graph in enumerate([values, people]):
        for node, attrs in graph.nodes(data=True):
            if node in reference:
                reference.nodes[node]["views"].append(index)
            else:
                reference.add_node(node, **attrs, views=[index])
        reference.add_edges_from((u, v, {**a, "view": index}) for u, v, a in graph.edges(data=True))
    assert list(merged.nodes(data=True)) == list(reference.nodes(data=True))
    assert list(merged.edges(keys=True, data=True)) == list(reference.edges(keys=True, data=True))
    assert [list(a.items()) for *_, a in merged.edges(data=True)] == [
        list(a.items()) for *_, a in reference.edges(data=True)
    ]


def test_a_link_kind_named_like_another_is_drawn_as_its_last_edge_says():
    # An unknown kind may carry the very name a known kind is shown by.
    forward, backward = nx.MultiGraph(), nx.MultiGraph()
    for graph, kinds in (
        (forward, ["email", "Shared e-mail"]),
        (backward, ["Shared e-mail", "email"]),
    ):
        for i, kind in enumerate(kinds):
            graph.add_edge(f"a{i}", f"b{i}", kind=kind)
    assert "#999999" in legend_html(forward) and "#999999" not in legend_html(backward)
