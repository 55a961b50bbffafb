/* Workbench graph view. Every string from the case is placed with textContent
   or as a DOM property, never parsed as HTML. */
(function () {
  "use strict";
  var DIM = "#e4e4e4";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var status = document.getElementById("graph-status");
  var selection = document.getElementById("graph-selection");

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

  var original = {};
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    original[n.id] = n.color;
    return {
      id: n.id, label: n.short, shape: n.shape, size: n.size, x: n.x, y: n.y,
      color: { background: n.color, border: "#333333" },
      title: tooltip(n.label, n.kind, n.rows)
    };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return {
      id: e.id, from: e.from, to: e.to, width: e.width, dashes: e.dashed,
      color: { color: e.color, opacity: 0.8 },
      smooth: e.curve ? { enabled: true, type: "curvedCW", roundness: e.curve } : false,
      title: tooltip(e.label, e.kind, e.rows)
    };
  }));
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });

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
    nodes.update(data.nodes.map(function (n) {
      var color = keep === null || keep[n.id] ? original[n.id] : DIM;
      return { id: n.id, color: { background: color, border: "#333333" } };
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

  network.on("click", function (params) {
    if (params.nodes.length) { highlight(params.nodes[0]); } else { reset(); }
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
    var hit = null;
    data.nodes.forEach(function (n) {
      var label = n.label.toLowerCase();
      if (hit === null && label === query) { hit = n; }
    });
    data.nodes.forEach(function (n) {
      if (hit === null && n.label.toLowerCase().indexOf(query) >= 0) { hit = n; }
    });
    if (hit === null) { status.textContent = "No node matches."; return; }
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
