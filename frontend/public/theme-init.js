// Keep in sync with src/lib/theme.ts (storage key and class name).
(function () {
  try {
    var stored = localStorage.getItem("modelyard-theme");
    var dark =
      stored === "dark" ||
      ((stored === null || stored === "system") &&
        window.matchMedia("(prefers-color-scheme: dark)").matches);
    document.documentElement.classList.toggle("dark", dark);
  } catch (_) {
    /* storage unavailable: fall back to the light theme */
  }
})();
