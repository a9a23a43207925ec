/* Site-wide fixes for saved widget snapshots (run after the widget renderer draws them):
   a slider handle gets its widget's description as its accessible name. */
(function () {
  "use strict";
  function nameSliders(root) {
    root.querySelectorAll('[role="slider"]:not([aria-label]):not([aria-labelledby])')
      .forEach(function (handle) {
        var widget = handle.closest(".widget-slider, .jupyter-widget-slider, .widget-inline-hbox");
        var label = widget && widget.querySelector(".widget-label, label");
        var name = label && label.textContent.trim();
        handle.setAttribute("aria-label", name || "slider");
      });
  }
  function run() {
    nameSliders(document);
    new MutationObserver(function () { nameSliders(document); })
      .observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();

/* Sphinx's module index draws its collapse toggles as images with alt "-". */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("img.toggler").forEach(function (img) {
    img.alt = "Show or hide the modules of this package";
  });
});

/* matplotlib's JS animations: the frame slider has no label. */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input.anim-slider:not([aria-label])").forEach(function (s) {
    s.setAttribute("aria-label", "Animation frame");
  });
});

/* docutils writes the bibliography as role="list" whose entries are role="doc-biblioentry";
   a list must own list items, so the entries become list items. */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll('.citation-list[role="list"] > [role="doc-biblioentry"]')
    .forEach(function (entry) { entry.setAttribute("role", "listitem"); });
});
