/* Let require.js find the widget renderer (and its icon fonts) next to this file,
   wherever the page sits in the site (see docs in tools/site/offline_site.py). */
(function () {
  "use strict";
  var here = document.currentScript.src.replace(/\/[^/]*$/, "");
  // Modules such as "@jupyter-widgets/controls" locate their icon fonts next to their
  // own URL, so the whole scope maps to this folder (the longest match wins).
  require.config({
    paths: { "@jupyter-widgets/html-manager/dist": here, "@jupyter-widgets": here },
  });
})();
