/* A box that scrolls sideways on a narrow screen (a display formula that cannot break, a figure kept legible) is
   marked: class "scrolls" (site.css draws a shadow at the edge that hides more) and tabindex="0" (the keyboard
   can reach and scroll it) while it overflows; both go when it fits. Run at load and whenever the window changes size. */
(() => {
  const SELECTOR = "div.math .katex-display, .derivation-line, .bd-content figure, .bd-content div.cell_output div.output";
  const mark = () => {
    for (const box of document.querySelectorAll(SELECTOR)) {
      const style = getComputedStyle(box);
      const scrollable = ["auto", "scroll"].includes(style.overflowX) && box.scrollWidth > box.clientWidth;
      // the shadow when something is out of sight; the keyboard for any scrollable box (even by a pixel)
      box.classList.toggle("scrolls", scrollable && box.scrollWidth > box.clientWidth + 1);
      if (scrollable && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
      } else if (!scrollable && box.getAttribute("tabindex") === "0") {
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
