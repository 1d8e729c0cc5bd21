/* gonghui: small progressive enhancements; every page works without them. */
(function () {
  // Region filter on the model-worker directory: the <select> stays hidden without JavaScript.
  function setupFilters() {
    document.querySelectorAll("select[data-gh-filter]").forEach(function (select) {
      var holder = select.closest("[hidden]");
      if (holder) holder.hidden = false;
      if (select.dataset.ghReady) return;
      select.dataset.ghReady = "1";
      select.addEventListener("change", function () {
        var wanted = select.value;
        document.querySelectorAll(select.dataset.ghFilter).forEach(function (item) {
          item.hidden = wanted !== "" && item.dataset.region !== wanted;
        });
      });
    });
  }
  // Material's instant navigation swaps pages without reloading: subscribe when available.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setupFilters);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupFilters);
  } else {
    setupFilters();
  }
})();
