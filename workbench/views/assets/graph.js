/* Workbench graph view. Every string from the case is placed with textContent
   or as a DOM property, never parsed as HTML, and every map keyed by one has no
   prototype (a kind named "constructor" is a kind like any other). Only the
   nodes and edges of the current view whose link kind is ticked in the legend
   are in the network. */
(function () {
  "use strict";
  var DIM = "#e4e4e4";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var status = document.getElementById("graph-status");
  var selection = document.getElementById("graph-selection");
  var view = 0;
  var hiddenKinds = Object.create(null);

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

  var byId = Object.create(null);
  var tips = Object.create(null);
  data.nodes.forEach(function (n) { byId[n.id] = n; tips[n.id] = tooltip(n.label, n.kind, n.rows); });
  var edgeById = Object.create(null);
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
    var linked = Object.create(null);
    var cut = Object.create(null);
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
    var keep = Object.create(null);
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

  /* Search: a node is found by its label, any row of its details, or the hidden
     text of the identifiers it holds (n.find), as written or normalised. The
     query and the node's text are folded alike (lower case, no accents, the
     address normaliser's short words); the best match wins: a whole label,
     then a whole row, the digits of a phone, the text as typed, every word;
     at each step what the node shows before what it only holds. */
  var fold = data.fold || {};
  function folded(value) {
    return value.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(function (word) {
        return Object.prototype.hasOwnProperty.call(fold, word) ? fold[word] : word;
      });
  }
  function digits(value) { return value.replace(/\D/g, ""); }
  function texts(n) {
    var shown = [n.label].concat(n.rows.map(function (row) { return row[1]; }));
    var hidden = n.find ? n.find.split("\n") : [];
    return [shown, hidden];
  }
  var PHONE_DIGITS = 7;
  function rank(n, query) {
    var needle = query.toLowerCase();
    var words = folded(query);
    var phone = /^[+\d\s().\-\/]+$/.test(query) ? digits(query).replace(/^0+/, "") : "";
    if (n.label.toLowerCase() === needle) { return 0; }
    var sources = texts(n);
    var tests = [
      function (values) {
        return values.some(function (v) { return v.trim().toLowerCase() === needle; });
      },
      function (values) {
        return phone.length >= PHONE_DIGITS && values.some(function (v) {
          return digits(v).indexOf(phone) >= 0;
        });
      },
      function (values) {
        return values.some(function (v) { return v.toLowerCase().indexOf(needle) >= 0; });
      },
      function (values) {
        var all = folded(values.join(" ")).join(" ");
        return words.length > 0 && words.every(function (w) { return all.indexOf(w) >= 0; });
      }
    ];
    for (var t = 0; t < tests.length; t++) {
      for (var s = 0; s < sources.length; s++) {
        if (tests[t](sources[s])) { return 1 + t * sources.length + s; }
      }
    }
    return -1;
  }

  var search = document.getElementById("graph-search");
  function find() {
    var query = search.value.trim();
    if (!query) { reset(); return; }
    var hit = null;
    var best = -1;
    data.nodes.forEach(function (n) {
      if (nodes.get(n.id) === null) { return; }
      var r = rank(n, query);
      if (r < 0) { return; }
      r = 2 * r + (n.person ? 1 : 0);  /* a tie goes to the shared value, not its holder */
      if (best < 0 || r < best) { hit = n; best = r; }
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
