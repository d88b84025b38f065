// Tooltips for the server-drawn timeline chart. Every text comes from the points'
// data attributes and is set with textContent, never parsed as HTML.
(function () {
  "use strict";
  var chart = document.getElementById("chart");
  var tip = document.getElementById("tooltip");
  if (!chart || !tip) { return; }
  var wrap = tip.parentElement;

  function line(label, value) {
    var row = document.createElement("div");
    if (label) {
      var name = document.createElement("span");
      name.textContent = label + ": ";
      row.appendChild(name);
    }
    var strong = document.createElement(label ? "span" : "strong");
    strong.textContent = value;
    row.appendChild(strong);
    return row;
  }

  function show(point) {
    var d = point.dataset;
    tip.replaceChildren(
      line("", d.value),
      line("", d.claimant),
      line("as of", d.date),
      line("qualifier", d.qualifier),
      line("verdict", d.verdict),
      line("citations", d.citations)
    );
    if (d.contestedBy) { tip.appendChild(line("contested by", d.contestedBy)); }
    var box = point.getBoundingClientRect();
    var outer = wrap.getBoundingClientRect();
    tip.style.left = (box.left + box.width / 2 - outer.left) + "px";
    tip.style.top = (box.top - outer.top) + "px";
    tip.hidden = false;
  }

  function hide() { tip.hidden = true; }

  chart.querySelectorAll("circle.point").forEach(function (point) {
    point.addEventListener("mouseenter", function () { show(point); });
    point.addEventListener("mouseleave", hide);
    var link = point.closest("a");
    if (link) {
      link.addEventListener("focus", function () { show(point); });
      link.addEventListener("blur", hide);
    }
  });
})();
