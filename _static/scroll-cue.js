/* A box that scrolls sideways on a narrow screen (a display formula that cannot break, a figure kept legible) is
   marked: class "scrolls" (site.css draws a shadow at the edge that hides more) and tabindex="0" (the keyboard
   can reach and scroll it) while it overflows; both go when it fits. Run at load and whenever the window changes size. */
(() => {
  const SELECTOR = "div.math .katex-display, .derivation-line, .bd-content figure, .bd-content div.cell_output div.output";
  const mark = () => {
    for (const box of document.querySelectorAll(SELECTOR)) {
      const scrolls = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("scrolls", scrolls);
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
      } else if (!scrolls && box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    }
  };
  let pending = false;
  const soon = () => { if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; mark(); }); } };
  window.addEventListener("load", mark);
  window.addEventListener("resize", soon);
  if (document.fonts) document.fonts.ready.then(soon);
})();
