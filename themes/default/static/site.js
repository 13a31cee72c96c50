/* dilmanc default theme: text size and contrast controls.
   The controls exist only when this script runs: it clones them from the
   <template id="display-controls"> in the header, so a page without JavaScript has
   no dead buttons (browser zoom and the system's contrast setting do the job there).
   Choices are kept in localStorage and applied on every page. */
(function () {
  "use strict";
  var SIZES = [87.5, 100, 112.5, 125, 150, 175, 200];
  var SIZE_KEY = "dilmanc-text-size";
  var CONTRAST_KEY = "dilmanc-contrast";
  var root = document.documentElement;

  function load(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function save(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode */ }
  }

  var size = SIZES.indexOf(parseFloat(load(SIZE_KEY)));
  if (size < 0) { size = SIZES.indexOf(100); }
  var highContrast = load(CONTRAST_KEY) === "high";

  function applySize() {
    root.style.fontSize = SIZES[size] === 100 ? "" : SIZES[size] + "%";
  }
  function applyContrast() {
    if (highContrast) { root.setAttribute("data-contrast", "high"); }
    else { root.removeAttribute("data-contrast"); }
  }
  applySize();
  applyContrast();

  var template = document.getElementById("display-controls");
  if (!template || !("content" in template)) { return; }
  var controls = template.content.firstElementChild.cloneNode(true);
  var contrastButton = controls.querySelector("[data-contrast]");

  function refresh() {
    controls.querySelector('[data-text-size="smaller"]').disabled = size === 0;
    controls.querySelector('[data-text-size="larger"]').disabled = size === SIZES.length - 1;
    contrastButton.setAttribute("aria-pressed", highContrast ? "true" : "false");
  }

  controls.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    var action = button.getAttribute("data-text-size");
    if (action === "smaller" && size > 0) { size -= 1; }
    if (action === "larger" && size < SIZES.length - 1) { size += 1; }
    if (action === "reset") { size = SIZES.indexOf(100); }
    if (action) {
      save(SIZE_KEY, String(SIZES[size]));
      applySize();
    }
    if (button.hasAttribute("data-contrast")) {
      highContrast = !highContrast;
      save(CONTRAST_KEY, highContrast ? "high" : "normal");
      applyContrast();
    }
    refresh();
  });

  refresh();
  template.parentNode.insertBefore(controls, template);
})();
