// Interactive charts, as progressive enhancement. Every chart is already on the
// page as a pre-rendered SVG image; on pages that have charts, once the page
// has loaded, this fetches the Vega bundle from this site (never another host)
// and replaces each image with the same chart made interactive (tooltips).
// If anything fails, the image simply stays.
(function () {
  "use strict";
  var figures = document.querySelectorAll("figure.sr-chart[data-spec]");
  if (!figures.length) return;
  var bundle = new URL("../../../assets/vega/vega-bundle.js", document.currentScript.src);

  function loadBundle() {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = bundle.href;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  function enhance(figure) {
    var specUrl = new URL(figure.getAttribute("data-spec"), document.baseURI);
    var img = figure.querySelector("img");
    return Promise.all([getJSON(specUrl), getJSON(new URL("locale.json", specUrl))]).then(function (r) {
      var spec = r[0], locale = r[1];
      var container = document.createElement("div");
      container.className = "sr-chart__interactive";
      container.setAttribute("role", "img");
      container.setAttribute("aria-label", img.alt);
      figure.insertBefore(container, img);
      return window.vegaEmbed(container, spec, {
        renderer: "svg", actions: false, ast: true,  // ast: no eval, so the CSP can forbid it
        logLevel: 1,  // errors only (vega.Error); the specs carry no warnings worth a reader's console
        formatLocale: locale.number, timeFormatLocale: locale.time
      }).then(function () {
        // The container is the image, named by the chart's text alternative; the
        // drawing inside it is not announced again.
        var svg = container.querySelector("svg");
        if (svg) svg.setAttribute("aria-hidden", "true");
        figure.classList.add("sr-chart--interactive");
      }, function (error) {
        container.remove();
        throw error;
      });
    });
  }

  window.addEventListener("load", function () {
    loadBundle().then(function () {
      figures.forEach(function (figure) {
        enhance(figure).catch(function (error) { console.warn("chart stays static:", error); });
      });
    }, function () { /* no bundle: the static charts stay */ });
  });
})();
