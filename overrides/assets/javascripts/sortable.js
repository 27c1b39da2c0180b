// Sortable tables, as progressive enhancement: without JavaScript the table
// reads the same, only unsorted. Each header becomes a button; cells sort by
// their data-sort value when they have one (numbers, status order), else by text.
(function () {
  "use strict";
  var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;  // as Python writes it: 6390.0, 1e-05
  function key(cell) {
    var raw = (cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent).trim();
    return NUMBER.test(raw) ? parseFloat(raw) : raw.toLowerCase();
  }
  function compare(a, b) {
    if (a === b) return 0;
    if (a === "") return 1;
    if (b === "") return -1;
    if (typeof a === typeof b) return a < b ? -1 : 1;
    return typeof a === "number" ? -1 : 1;
  }
  function enhance(table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sr-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var order = compare(key(r1.cells[column]), key(r2.cells[column]));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  document.querySelectorAll("table.sr-sortable").forEach(enhance);
})();
