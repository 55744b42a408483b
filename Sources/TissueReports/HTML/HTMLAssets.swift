/// The page's inline style sheet and script. The script sorts a `table.sortable` when a header
/// is clicked (numbers by their exact `data-value`, else as written) and filters the layer
/// table, and the diagram's boxes with it, by path; without it the page is the same, unsorted.
enum HTMLAssets {
    static let style = """
        body { font: 14px/1.45 Helvetica, Arial, sans-serif; color: #222; margin: 0; background: #fff; }
        main { max-width: 1080px; margin: 0 auto; padding: 16px 24px 48px; }
        h1 { font-size: 22px; margin: 8px 0 4px; }
        h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
        p.lead { color: #555; margin: 0 0 8px; }
        nav a { margin-right: 14px; color: #0a5ea8; }
        figure { margin: 8px 0; overflow-x: auto; }
        figure svg { max-width: 100%; height: auto; display: block; }
        figcaption { color: #666; font-size: 12px; }
        table { border-collapse: collapse; font-size: 13px; margin: 6px 0; }
        th, td { padding: 3px 10px; border-bottom: 1px solid #e4e4e4; text-align: left; white-space: nowrap; }
        th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
        thead th { background: #f4f6f8; border-bottom: 1px solid #bbb; }
        tfoot td { font-weight: bold; border-top: 1px solid #bbb; }
        th button { font: inherit; font-weight: bold; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; }
        th[aria-sort=ascending] button::after { content: " \\25B2"; }
        th[aria-sort=descending] button::after { content: " \\25BC"; }
        .filter { margin: 6px 0; }
        .filter input { font: inherit; padding: 3px 6px; width: 280px; }
        .notes { color: #555; font-size: 12px; }
        g.box.dim { opacity: 0.25; }
        @media print {
          main { max-width: none; padding: 0; }
          .filter, nav { display: none; }
          th button::after { content: none !important; }
          section { break-inside: auto; }
          figure, tr { break-inside: avoid; }
        }

        """

    static let script = """
        (function () {
          "use strict";
          function sortKey(cell, numeric) {
            if (!numeric) { return cell.textContent.trim().toLowerCase(); }
            var value = cell.getAttribute("data-value");
            var number = parseFloat(value !== null ? value : cell.textContent.replace(/[^0-9eE.+-]/g, ""));
            return isNaN(number) ? -Infinity : number;
          }
          function sortBy(table, header, index) {
            var numeric = header.classList.contains("num");
            var current = header.getAttribute("aria-sort");
            var order = current ? (current === "ascending" ? "descending" : "ascending") : (numeric ? "descending" : "ascending");
            var body = table.tBodies[0];
            var rows = Array.prototype.slice.call(body.rows);
            rows.sort(function (a, b) {
              var x = sortKey(a.cells[index], numeric), y = sortKey(b.cells[index], numeric);
              var result = x < y ? -1 : x > y ? 1 : 0;
              return order === "ascending" ? result : -result;
            });
            rows.forEach(function (row) { body.appendChild(row); });
            Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
            header.setAttribute("aria-sort", order);
          }
          Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
            Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
              var button = document.createElement("button");
              button.type = "button";
              button.textContent = header.textContent;
              button.title = "Sort by " + header.textContent;
              header.textContent = "";
              header.appendChild(button);
              button.addEventListener("click", function () { sortBy(table, header, index); });
            });
          });
          var filter = document.getElementById("layer-filter");
          if (filter) {
            filter.closest(".filter").hidden = false;
            filter.addEventListener("input", function () {
              var query = filter.value.trim().toLowerCase();
              var rows = document.querySelectorAll("#layer-table tbody tr");
              var shown = 0;
              Array.prototype.forEach.call(rows, function (row) {
                var match = !query || (row.getAttribute("data-path") || "").toLowerCase().indexOf(query) >= 0;
                row.hidden = !match;
                if (match) { shown += 1; }
              });
              Array.prototype.forEach.call(document.querySelectorAll("#diagram g.box"), function (box) {
                var path = (box.getAttribute("data-path") || "").toLowerCase();
                box.classList.toggle("dim", query !== "" && path.indexOf(query) < 0);
              });
              document.getElementById("layer-count").textContent = shown + " of " + rows.length + " layers";
            });
          }
        })();

        """
}
