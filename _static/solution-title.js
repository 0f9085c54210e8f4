/* A folded solution's title reads "Solution to Exercise 9 (…)", and sphinx-exercise makes "Exercise 9 (…)" a link
   back to the exercise. A reader who clicks the title expects the solution to open, not the page to jump: a click (or
   Enter) on that link inside a folded title opens or closes the solution, as a click on the rest of the title does. */
(() => {
  document.addEventListener("click", (event) => {
    const link = event.target.closest(".dropdown > .admonition-title a.reference.internal");
    if (!link) return;
    const title = link.closest(".admonition-title");
    const button = title.querySelector(".toggle-button");
    if (!button) return;        // togglebutton not ready: leave the link alone
    event.preventDefault();
    event.stopPropagation();
    button.click();
  }, true);
})();
