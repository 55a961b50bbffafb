/* The explorer's graph: an anywidget view drawn with vis-network.

   `vis` is the vendored vis-network bundle, placed before this module by
   workbench/explorer/graph_widget.py. Python owns what is drawn (the `nodes`
   and `edges` traits, already filtered and styled); this view keeps vis-network's
   data sets equal to them by id, so a node that stays keeps its place; the view
   fits everything drawn when Python raises `fit` (a ring, a search hit or an
   expansion was opened). A click
   sets `selected`; a double click asks Python to expand the node. Every string
   from the case arrives as JSON data and is placed with textContent, never
   parsed as HTML. The element says what it shows in data-* attributes. */

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) { node.className = cls; }
  if (text !== undefined) { node.textContent = text; }
  return node;
}

function tooltip(item) {
  const box = el("div", "wb-tip");
  box.appendChild(el("strong", null, item.name));
  box.appendChild(el("div", "wb-tip-kind", item.kind_label));
  for (const [key, value] of item.rows) {
    const line = el("div", "wb-tip-row");
    line.appendChild(el("b", null, key + ": "));
    line.appendChild(document.createTextNode(value));
    box.appendChild(line);
  }
  return box;
}

function visNode(n) {
  return {
    id: n.id, label: n.label, shape: n.shape, size: n.size, x: n.x, y: n.y,
    borderWidth: n.focus ? 5 : 1,
    color: { background: n.color, border: n.border,
             highlight: { background: n.color, border: "#000000" } },
    font: { size: 12, face: "sans-serif", bold: n.focus },
    title: tooltip(n)
  };
}

function visEdge(e) {
  return {
    id: e.id, from: e.from, to: e.to, width: e.width, dashes: e.dashed,
    color: { color: e.color, opacity: 0.8 },
    smooth: e.curve ? { enabled: true, type: "curvedCW", roundness: e.curve } : false,
    title: tooltip(e)
  };
}

/* Make `set` hold exactly `items` (by id): remove what left, add or update the rest. */
function sync(set, items, toVis) {
  const keep = new Set(items.map((item) => item.id));
  set.remove(set.getIds().filter((id) => !keep.has(id)));
  set.update(items.map(toVis));
}

function render({ model, el: root }) {
  root.classList.add("wb-graph-widget");
  const canvas = el("div", "wb-graph-canvas");
  root.appendChild(canvas);
  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();
  const network = new vis.Network(canvas, { nodes, edges }, {
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: true, tooltipDelay: 80, hideEdgesOnDrag: true },
    edges: { selectionWidth: 2 }
  });
  // Reachable from the element only (no global): browser tests and benchmarks
  // find a node's place on screen through it.
  root.wbNetwork = network;
  let fitted = null;

  function mark() {
    root.dataset.nodes = String(nodes.length);
    root.dataset.edges = String(edges.length);
    root.dataset.selected = model.get("selected");
    root.dataset.fit = String(fitted);
  }

  function draw() {
    sync(nodes, model.get("nodes"), visNode);
    sync(edges, model.get("edges"), visEdge);
    const focus = model.get("focus");
    if (focus && nodes.get(focus)) {
      network.selectNodes([focus]);
    }
    if (fitted !== model.get("fit")) {
      fitted = model.get("fit");
      network.fit({ animation: false });
    }
    mark();
    network.once("afterDrawing", () => {
      root.dataset.drawn = String(Number(root.dataset.drawn || 0) + 1);
    });
    network.redraw();
  }

  network.on("click", (params) => {
    model.set("selected", params.nodes.length ? String(params.nodes[0]) : "");
    model.save_changes();
    mark();
  });
  network.on("doubleClick", (params) => {
    if (params.nodes.length) {
      model.send({ event: "expand", node: String(params.nodes[0]) });
    }
  });
  model.on("change:nodes", draw);
  model.on("change:edges", draw);
  model.on("change:focus", draw);
  model.on("change:fit", draw);
  model.on("change:selected", () => {
    const selected = model.get("selected");
    if (selected && nodes.get(selected)) { network.selectNodes([selected]); }
    mark();
  });
  draw();
  return () => network.destroy();
}

export default { render };
