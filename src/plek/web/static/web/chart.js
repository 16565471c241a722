// Draws every Vega-Lite chart on the page: an element with data-vega-spec="<id>" names a
// <script type="application/json"> block holding the spec (data, never executed). Vega runs in
// its CSP-safe mode (expressions interpreted, no eval), so the strict policy stays on. Without
// JavaScript the table beside each chart carries the same numbers.
(function () {
  "use strict";
  const holders = Array.from(document.querySelectorAll("[data-vega-spec]"));
  if (!holders.length || typeof window.vegaEmbed !== "function") {
    return;
  }
  import(holders[0].dataset.vegaInterpreter).then(function (interpreter) {
    holders.forEach(function (holder) {
      const block = document.getElementById(holder.dataset.vegaSpec);
      if (!block) {
        return;
      }
      window
        .vegaEmbed(holder, JSON.parse(block.textContent), {
          ast: true,
          expr: interpreter.expressionInterpreter,
          actions: false,
          renderer: "svg",
          defaultStyle: false,
          // The tooltip plugin injects a <style> element, which the strict CSP refuses; the
          // table beside each chart carries the numbers anyway.
          tooltip: false,
        })
        .then(function () {
          holder.classList.add("plek-chart--ready");
        })
        .catch(function () {
          holder.classList.add("plek-chart--failed");
        });
    });
  });
})();
