/* Workbench report: sort a table by a header click, filter the alert band and the
   tables by any text they show. Reads the page's own text and moves its rows;
   never writes markup, so nothing from the case is ever parsed as HTML. */
(function () {
  "use strict";
  var tools = document.getElementById("report-tools");
  var search = document.getElementById("report-search");
  var alertsOnly = document.getElementById("report-alerts-only");
  var status = document.getElementById("report-status");
  var items = Array.prototype.slice.call(
    document.querySelectorAll("#alerts > li, table.filterable > tbody > tr")
  );
  var haystacks = items.map(function (item) { return item.textContent.toLowerCase(); });

  function filter() {
    var terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (item, i) {
      var match = terms.every(function (term) { return haystacks[i].indexOf(term) >= 0; }) &&
        (!alertsOnly.checked || item.classList.contains("alert"));
      item.hidden = !match;
      var details = item.querySelector("details");
      if (details) { details.open = match && terms.length > 0; }
      if (match) { shown += 1; }
    });
    var active = terms.length > 0 || alertsOnly.checked;
    status.textContent = active ? "Showing " + shown + " of " + items.length + " rows" : "";
  }

  function sortKey(row, column, numeric) {
    var cell = row.cells[column];
    if (!numeric) { return cell.textContent.trim().toLowerCase(); }
    var value = parseFloat(cell.getAttribute("data-sort"));
    return isNaN(value) ? -Infinity : value;
  }

  function sortBy(table, header, column) {
    var numeric = header.hasAttribute("data-numeric");
    var current = header.getAttribute("aria-sort");
    var descending = current === "none" ? numeric : current === "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.setAttribute("aria-sort", "none");
    });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
      return { row: row, key: sortKey(row, column, numeric), index: index };
    });
    rows.sort(function (a, b) {
      var order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
      return (descending ? -order : order) || a.index - b.index;
    });
    rows.forEach(function (entry) { body.appendChild(entry.row); });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      header.querySelector("button.sort").addEventListener("click", function () {
        sortBy(table, header, column);
      });
    });
  });
  search.addEventListener("input", filter);
  alertsOnly.addEventListener("change", filter);
  tools.hidden = false;
  window.__reportReady = true;
}());
