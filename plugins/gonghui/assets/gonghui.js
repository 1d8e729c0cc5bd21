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

  // 字号 switch: 大/中/小 on <html data-gh-font>, remembered in localStorage across pages.
  var FONT_KEY = "gh-font-size";
  var FONT_SIZES = ["large", "medium", "small"];
  function storedFont() {
    try {
      var value = window.localStorage.getItem(FONT_KEY);
      return FONT_SIZES.indexOf(value) >= 0 ? value : "medium";
    } catch (e) {
      return "medium";
    }
  }
  function applyFont(size) {
    if (size === "medium") document.documentElement.removeAttribute("data-gh-font");
    else document.documentElement.setAttribute("data-gh-font", size);
    document.querySelectorAll(".gh-font-switch button[data-gh-font]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.ghFont === size));
    });
  }
  function setupFontSwitch() {
    applyFont(storedFont());
    document.querySelectorAll(".gh-toolbar[hidden]").forEach(function (bar) { bar.hidden = false; });
    document.querySelectorAll(".gh-font-switch button[data-gh-font]").forEach(function (button) {
      if (button.dataset.ghReady) return;
      button.dataset.ghReady = "1";
      button.addEventListener("click", function () {
        var size = button.dataset.ghFont;
        try { window.localStorage.setItem(FONT_KEY, size); } catch (e) { /* private mode: this page only */ }
        applyFont(size);
      });
    });
  }

  // Material's drawer and search are checkboxes that it marks autocomplete="off", so that browsers do not bring
  // them back checked on "back" or reload. That attribute is invalid on a checkbox and the build drops it
  // (core/generate/theme_markup.py); this does its job: unchecked on such a visit, also from the back/forward cache.
  function resetToggles() {
    ["__drawer", "__search"].forEach(function (id) {
      var toggle = document.getElementById(id);
      if (toggle && toggle.checked) {
        toggle.checked = false;
        toggle.dispatchEvent(new Event("change")); // Material follows the toggles' change events
      }
    });
  }
  // At `pageshow`, after browsers restore form state, and only on such visits: on a plain one the reader may
  // already have opened the drawer while the page loaded.
  var visit = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  var revisit = !!visit && (visit.type === "back_forward" || visit.type === "reload");
  window.addEventListener("pageshow", function (event) { if (revisit || event.persisted) resetToggles(); });

  function setup() {
    setupFilters();
    setupFontSwitch();
  }
  // Material's instant navigation swaps pages without reloading: subscribe when available.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
