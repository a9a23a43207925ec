/* Page explorers (tools/site/page_explorers.py): each control steps through pictures the
   explorer's own update drew when the book was built. Frames are numbered in C order over
   the controls; moving one shows its frame, its alt text and its numbers. */
(function () {
  "use strict";
  function setUp(root) {
    var data = JSON.parse(root.querySelector("script.page-explorer-data").textContent);
    var controls = Array.prototype.slice.call(root.querySelectorAll("[data-control]"));
    var picture = root.querySelector("img.page-explorer-picture");
    var numbers = root.querySelector(".page-explorer-numbers");
    var loaded = false;
    function show() {
      var index = 0;
      controls.forEach(function (control, i) {
        var k = Number(control.value);
        var shown = data.shown[i][k];
        index = index * data.shape[i] + k;
        if (control.type === "range") {
          control.setAttribute("aria-valuetext", data.labels[i] + " = " + shown);
          var out = root.querySelector('output[for="' + control.id + '"]');
          if (out) out.textContent = shown;
        }
      });
      picture.src = data.src[index];
      picture.alt = data.alt[index];
      numbers.textContent = data.numbers[index];
      root.dataset.frame = String(index);
    }
    function preload() {  // the first touch fetches every frame, so dragging is smooth
      if (loaded) return;
      loaded = true;
      data.src.forEach(function (src) { new Image().src = src; });
    }
    controls.forEach(function (control) {
      control.addEventListener("input", show);
      control.addEventListener("change", show);
      control.addEventListener("focus", preload);
      control.addEventListener("pointerdown", preload);
    });
  }
  function run() {
    document.querySelectorAll(".page-explorer").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
