/*
 * MathJax 2 -> 3 bridge for Jupyter widgets (added by _ext/offline_site on every page with math).
 * It runs after the page's `window.MathJax = {...}` configuration and before MathJax itself (deferred).
 *
 * Widgets typeset their labels and HTMLMath values with the MathJax 2 call
 * MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]) whenever window.MathJax exists. MathJax 3 has no
 * Hub, so that call throws. Here such calls wait until MathJax is ready, then run in order with
 * MathJax 3's typesetPromise.
 */
(function () {
  "use strict";
  var config = window.MathJax;
  if (!config || config.version) {
    return; // no MathJax on this page, or MathJax already loaded (too late to configure it)
  }

  var pending = [];
  var chain = null;

  function resolve(target) {
    return typeof target === "string" ? document.getElementById(target) : target || null;
  }

  function run(item) {
    // a MathJax 2 queue item: a function, ["Typeset", hub, element], or [function, ...args]
    if (typeof item === "function") {
      return item();
    }
    if (Array.isArray(item) && item[0] === "Typeset") {
      var element = resolve(item[2]);
      var elements = element ? [element] : undefined;
      window.MathJax.typesetClear(elements);
      return window.MathJax.typesetPromise(elements);
    }
    if (Array.isArray(item) && typeof item[0] === "function") {
      return item[0].apply(null, item.slice(1));
    }
    return undefined;
  }

  function queue() {
    Array.prototype.slice.call(arguments).forEach(function (item) {
      chain = chain.then(function () {
        return run(item);
      }).catch(function (error) {
        console.warn("MathJax could not typeset a widget:", error);
      });
    });
    return chain;
  }

  var hub = {
    // until MathJax is ready, calls are kept, in order
    Queue: function () {
      pending.push(Array.prototype.slice.call(arguments));
    },
    Typeset: function (element) {
      pending.push([["Typeset", hub, element]]);
    },
  };
  config.Hub = hub;

  // ------------------------------------------------------------------------------ MathJax's start-up
  config.startup = config.startup || {};
  var ready = config.startup.ready;
  config.startup.ready = function () {
    if (ready) {
      ready();
    } else {
      window.MathJax.startup.defaultReady();
    }
    chain = window.MathJax.startup.promise;
    hub.Queue = queue;
    hub.Typeset = function (element) {
      return queue(["Typeset", hub, element]);
    };
    window.MathJax.Hub = hub;
    pending.splice(0).forEach(function (items) {
      queue.apply(null, items);
    });
  };
})();
