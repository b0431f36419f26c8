// Draw each chart from its JSON figure (json_script) beside its table; plotly.js is served locally, no inline script.
(function () {
  "use strict";
  function draw() {
    if (typeof Plotly === "undefined") return;
    document.querySelectorAll(".chart[data-figure]").forEach(function (target) {
      const node = document.getElementById(target.dataset.figure);
      if (!node || target.dataset.drawn) return;
      const figure = JSON.parse(node.textContent);
      Plotly.newPlot(target, figure.data, figure.layout, { displaylogo: false, responsive: true, displayModeBar: false });
      target.dataset.drawn = "1";
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
