// Chart values from the keyboard, as progressive enhancement. Each chart is a
// pre-rendered image with hotspots over its values (seuranta/site/chartpoints.py);
// their tooltips show on hover with CSS alone. This makes each chart's hotspots ONE
// keyboard stop: arrow keys move from value to value (Home, End: first, last), the
// value's tooltip shows and is announced; Escape hides it. Without this script
// nothing is lost: the image keeps its text alternative and the data table is below.
(function () {
  "use strict";

  function enhance(layer) {
    var spots = layer.querySelectorAll(".sr-chart__spot");
    if (!spots.length) return;
    var current = 0;
    // Said aloud when a value is chosen (the layer's own texts stay hidden from
    // assistive technology, so browsing the page does not read every value).
    var live = document.createElement("span");
    live.className = "sr-chart__live";
    live.setAttribute("aria-live", "polite");
    layer.parentNode.appendChild(live);

    function show(n) {
      spots[current].classList.remove("sr-chart__spot--active");
      current = Math.max(0, Math.min(spots.length - 1, n));
      spots[current].classList.add("sr-chart__spot--active");
      // Rows as "Key: value, Key: value" (their texts alone would run together).
      var rows = spots[current].querySelectorAll(".sr-chart__row");
      var said = [];
      for (var r = 0; r < rows.length; r++) said.push(rows[r].textContent.trim());
      live.textContent = said.join(", ");
      keepInView(spots[current].querySelector(".sr-chart__tip"));
    }

    // The whole tip on the screen: the page scrolls to a tip past the viewport's top or
    // foot (beside a point near the page's edge), and one past a side moves in. (On a
    // narrow screen the tip is a panel on the viewport: nothing to do.)
    function keepInView(tip) {
      tip.style.transform = "";
      var box = tip.getBoundingClientRect();
      var right = document.documentElement.clientWidth - 4, bottom = window.innerHeight - 4;
      var dx = box.left < 4 ? 4 - box.left : box.right > right ? right - box.right : 0;
      if (dx) tip.style.transform = "translateX(" + dx + "px)";
      if (box.top < 4) window.scrollBy(0, box.top - 4);
      else if (box.bottom > bottom) window.scrollBy(0, box.bottom - bottom);
    }

    function hide() {
      spots[current].classList.remove("sr-chart__spot--active");
      live.textContent = "";
    }

    // The layer is the keyboard stop: a group named by how to use it (the image before
    // it names the chart).
    layer.removeAttribute("aria-hidden");
    layer.setAttribute("role", "group");
    layer.setAttribute("aria-label", layer.getAttribute("data-label"));
    layer.tabIndex = 0;
    for (var i = 0; i < spots.length; i++) spots[i].setAttribute("aria-hidden", "true");

    layer.addEventListener("focus", function () { show(current); });
    layer.addEventListener("blur", hide);
    layer.addEventListener("keydown", function (event) {
      var moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
      if (event.key in moves) show(current + moves[event.key]);
      else if (event.key === "Home") show(0);
      else if (event.key === "End") show(spots.length - 1);
      else if (event.key === "Escape") hide();
      else return;
      event.preventDefault();  // arrows would otherwise scroll the page
    });
    // A tap (or click) on a value shows it, as hovering does.
    layer.addEventListener("click", function (event) {
      for (var n = 0; n < spots.length; n++) {
        if (spots[n] === event.target || spots[n].contains(event.target)) show(n);
      }
    });
  }

  document.querySelectorAll(".sr-chart__spots").forEach(enhance);
})();
