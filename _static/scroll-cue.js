/* A box that scrolls sideways on a narrow screen (a display formula that cannot break, a figure kept legible) is
   marked: class "scrolls" (site.css draws a shadow at the edge that hides more) and tabindex="0" (the keyboard
   can reach and scroll it) while it overflows; both go when it fits. A figure of two panels side by side that its
   column cannot show legibly is marked "stacked" instead (site.css sets its panels one under the other). Run at load and whenever the window changes size. */
(() => {
  const SELECTOR = "div.math .katex-display, .derivation-line, .bd-content figure, .bd-content div.cell_output div.output";
  const mark = () => {
    // a figure of two panels (it has .figure-panels) stacks them when its column is narrower than its min-width
    for (const panels of document.querySelectorAll(".figure-panels")) {
      const box = panels.parentElement, img = box.querySelector("img");
      const needed = img ? parseFloat(img.style.minWidth) || 0 : 0;
      box.classList.toggle("stacked", needed > 0 && box.clientWidth < needed);
    }
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
