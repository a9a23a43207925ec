/* The ipywidgets HTML manager typesets widget labels with MathJax 2's
   MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]); the book loads MathJax 3,
   which has no Hub (jupyter-widgets/ipywidgets#3829). Give every object assigned to
   window.MathJax a Hub whose Queue typesets with MathJax 3. */
(function () {
  "use strict";
  var current = window.MathJax;
  function typeset(element) {
    var mj = window.MathJax;
    if (!mj || !mj.startup || !mj.startup.promise) { return; }
    mj.startup.promise.then(function () {
      return mj.typesetPromise ? mj.typesetPromise([element]) : null;
    }).catch(function (err) { console.warn("MathJax typeset failed", err); });
  }
  var hub = {
    Queue: function () {
      for (var i = 0; i < arguments.length; i++) {
        var job = arguments[i];
        if (Array.isArray(job) && job[0] === "Typeset" && job[2]) { typeset(job[2]); }
      }
    },
  };
  function withHub(value) {
    if (value && typeof value === "object" && !value.Hub) {
      try { value.Hub = hub; } catch (e) { /* frozen: leave it */ }
    }
    return value;
  }
  withHub(current);
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    enumerable: true,
    get: function () { return current; },
    set: function (value) { current = withHub(value); },
  });
})();
