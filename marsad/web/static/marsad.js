// Marsad: small enhancements; every page works without this file.
(function () {
  "use strict";

  // Article page: switch the entity and date highlighting on and off.
  document.querySelectorAll("[data-toggle]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.dataset.toggle, !box.checked);
    });
  });

  // Article page: pointing at a mention lights up every mention of the same entity.
  document.querySelectorAll(".article-text [data-entity]").forEach(function (mention) {
    var same = '.article-text [data-entity="' + CSS.escape(mention.dataset.entity) + '"]';
    function light(on) {
      document.querySelectorAll(same).forEach(function (m) { m.classList.toggle("lit", on); });
    }
    mention.addEventListener("mouseenter", function () { light(true); });
    mention.addEventListener("mouseleave", function () { light(false); });
  });

  // "/" focuses the search box, as on most news sites.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "/" || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) { return; }
    var box = document.querySelector(".quicksearch input, .search-form input[type=search]");
    if (box) { event.preventDefault(); box.focus(); }
  });
})();
