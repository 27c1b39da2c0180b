/* Seuranta: the menu (Material's drawer) and the search open from real buttons
   (partials/header.html). Material opens them with hidden checkboxes (#__drawer,
   #__search) and labels, which a keyboard cannot reach. While the drawer is open the
   focus stays in it and Escape closes it; search closes when the focus leaves it. */
(function () {
  "use strict";
  var drawer = document.getElementById("__drawer");
  var search = document.getElementById("__search");
  var menuButton = document.querySelector(".sr-menu-button");
  var searchButton = document.querySelector(".sr-search-button");
  var sidebar = document.querySelector(".md-sidebar--primary");
  var searchBox = document.querySelector(".md-search");

  function shown(el) {
    return el.getClientRects().length > 0 && getComputedStyle(el).visibility === "visible";
  }

  function focusables(root) {
    var all = root.querySelectorAll("a[href], button, input:not([type=checkbox]), [tabindex]:not([tabindex='-1']):not([tabindex=''])");
    return Array.prototype.filter.call(all, shown);
  }

  if (drawer && menuButton && sidebar) {
    var sync = function () {
      menuButton.setAttribute("aria-expanded", drawer.checked ? "true" : "false");
    };
    menuButton.addEventListener("click", function () {
      drawer.click();  // Material follows the checkbox's change
    });
    drawer.addEventListener("change", function () {
      sync();
      if (drawer.checked) {
        var inside = focusables(sidebar);
        if (inside.length) inside[0].focus();
      } else if (sidebar.contains(document.activeElement) || document.activeElement === document.body) {
        if (shown(menuButton)) menuButton.focus();
      }
    });
    document.addEventListener("keydown", function (e) {
      if (!drawer.checked || !shown(menuButton)) return;
      if (e.key === "Escape") {
        drawer.click();
        menuButton.focus();
      } else if (e.key === "Tab") {  // the open drawer keeps the focus: the button and its links
        var ring = [menuButton].concat(focusables(sidebar));
        var at = ring.indexOf(document.activeElement);
        var next = at === -1 ? 0 : (at + (e.shiftKey ? ring.length - 1 : 1)) % ring.length;
        e.preventDefault();
        ring[next].focus();
      }
    });
    sync();
  }

  if (search && searchButton && searchBox) {
    searchButton.addEventListener("click", function () {
      if (!search.checked) search.click();  // Material opens the search
      var field = searchBox.querySelector(".md-search__input");
      if (field) field.focus();
    });
    search.addEventListener("change", function () {
      searchButton.setAttribute("aria-expanded", search.checked ? "true" : "false");
      if (!search.checked && (searchBox.contains(document.activeElement) || document.activeElement === document.body)
          && shown(searchButton)) {
        searchButton.focus();
      }
    });
    searchBox.addEventListener("focusout", function (e) {
      // Leaving the search with Tab closes it, so the focus never lands under its overlay.
      if (search.checked && e.relatedTarget && !searchBox.contains(e.relatedTarget)) search.click();
    });
  }
})();
