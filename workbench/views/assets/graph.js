/* Workbench graph view. Every string from the case is placed with textContent
   or as a DOM property, never parsed as HTML. Only the nodes and edges of the
   current view whose link kind is ticked in the legend are in the network. */
(function () {
  "use strict";
  var DIM = "#e4e4e4";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var status = document.getElementById("graph-status");
  var selection = document.getElementById("graph-selection");
  var view = 0;
  var hiddenKinds = {};

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function tooltip(head, kind, rows) {
    var box = el("div", "tip");
    box.appendChild(el("strong", "tip-head", head));
    box.appendChild(el("div", "tip-kind", kind));
    rows.forEach(function (row) {
      var line = el("div", "tip-row");
      line.appendChild(el("b", null, row[0] + ": "));
      line.appendChild(document.createTextNode(row[1]));
      box.appendChild(line);
    });
    return box;
  }

  function detailText(head, kind, rows) {
    return [head + " (" + kind + ")"].concat(rows.map(function (row) {
      return row[0] + ": " + row[1];
    })).join("\n");
  }

  var byId = {};
  var tips = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; tips[n.id] = tooltip(n.label, n.kind, n.rows); });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; tips[e.id] = tooltip(e.label, e.kind, e.rows); });

  function visNode(n) {
    return {
      id: n.id, label: n.short, shape: n.shape, size: n.size, x: n.x, y: n.y,
      color: { background: n.color, border: "#333333" }, title: tips[n.id]
    };
  }

  function visEdge(e) {
    return {
      id: e.id, from: e.from, to: e.to, width: e.width, dashes: e.dashed, kind: e.kind,
      color: { color: e.color, opacity: 0.8 },
      smooth: e.curve ? { enabled: true, type: "curvedCW", roundness: e.curve } : false,
      title: tips[e.id]
    };
  }

  function inView(e) { return e.view === undefined || e.view === view; }

  function shown() {
    var linked = {};
    var cut = {};
    var edgesOn = data.edges.filter(function (e) {
      if (!inView(e)) { return false; }
      var on = !hiddenKinds[e.kind];
      var mark = on ? linked : cut;
      mark[e.from] = true;
      mark[e.to] = true;
      return on;
    });
    var nodesOn = data.nodes.filter(function (n) {
      var here = n.views === undefined || n.views.indexOf(view) >= 0;
      return here && (n.person || linked[n.id] || !cut[n.id]);
    });
    return { nodes: nodesOn, edges: edgesOn };
  }

  var first = shown();
  var nodes = new vis.DataSet(first.nodes.map(visNode));
  var edges = new vis.DataSet(first.edges.map(visEdge));

  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: true, tooltipDelay: 80, hideEdgesOnDrag: data.nodes.length > 500 },
    nodes: { font: { size: 12, face: "sans-serif" }, borderWidth: 1 },
    edges: { selectionWidth: 2 }
  });
  window.workbenchGraph = { network: network, nodes: nodes, edges: edges };
  network.once("afterDrawing", function () {
    window.__graphReady = performance.now();
    document.documentElement.setAttribute("data-graph-ready", "1");
  });

  function paint(keep) {
    nodes.update(nodes.getIds().map(function (id) {
      var color = keep === null || keep[id] ? byId[id].color : DIM;
      return { id: id, color: { background: color, border: "#333333" } };
    }));
    edges.update(edges.getIds().map(function (id) {
      var e = edgeById[id];
      var on = keep === null || (keep[e.from] && keep[e.to]);
      return { id: id, color: { color: on ? e.color : DIM, opacity: 0.8 } };
    }));
  }

  function highlight(id) {
    var keep = {};
    keep[id] = true;
    network.getConnectedNodes(id).forEach(function (other) { keep[other] = true; });
    paint(keep);
    var n = byId[id];
    selection.textContent = detailText(n.label, n.kind, n.rows);
  }

  function reset() {
    paint(null);
    network.unselectAll();
    selection.textContent = "";
    status.textContent = "";
  }

  function redraw() {
    var now = shown();
    nodes.clear();
    edges.clear();
    nodes.add(now.nodes.map(visNode));
    edges.add(now.edges.map(visEdge));
    reset();
  }

  network.on("click", function (params) {
    if (params.nodes.length) { highlight(params.nodes[0]); } else { reset(); }
  });

  var buttons = Array.prototype.slice.call(document.querySelectorAll(".graph-view"));
  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      view = Number(button.getAttribute("data-view"));
      buttons.forEach(function (other) {
        other.setAttribute("aria-pressed", other === button ? "true" : "false");
      });
      redraw();
    });
  });

  Array.prototype.slice.call(document.querySelectorAll(".edge-toggle")).forEach(function (box) {
    box.addEventListener("change", function () {
      if (box.checked) { delete hiddenKinds[box.value]; } else { hiddenKinds[box.value] = true; }
      redraw();
    });
  });

  var labels = document.getElementById("graph-labels");
  data.nodes.forEach(function (n) {
    var option = document.createElement("option");
    option.value = n.label;
    labels.appendChild(option);
  });

  var search = document.getElementById("graph-search");
  function find() {
    var query = search.value.trim().toLowerCase();
    if (!query) { reset(); return; }
    var visible = data.nodes.filter(function (n) { return nodes.get(n.id) !== null; });
    var hit = null;
    visible.forEach(function (n) {
      if (hit === null && n.label.toLowerCase() === query) { hit = n; }
    });
    visible.forEach(function (n) {
      if (hit === null && n.label.toLowerCase().indexOf(query) >= 0) { hit = n; }
    });
    if (hit === null) { status.textContent = "No node matches in this view."; return; }
    status.textContent = "";
    network.selectNodes([hit.id]);
    network.focus(hit.id, { scale: 1.5, animation: false });
    highlight(hit.id);
  }
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { find(); }
  });
  search.addEventListener("change", find);
  document.getElementById("graph-find").addEventListener("click", find);
  document.getElementById("graph-fit").addEventListener("click", function () {
    network.fit({ animation: false });
  });
  document.getElementById("graph-reset").addEventListener("click", function () {
    search.value = "";
    reset();
    network.fit({ animation: false });
  });
}());
