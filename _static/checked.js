/* The {checked} marks (_ext/checked.py): each ✓ is a button that opens and closes the note after it, on a
   click, a tap, or Enter / Space (a <button> does all three). Until this script runs, and without JavaScript,
   every note is shown (site.css), so nothing is lost; once it runs, notes start closed. */
document.documentElement.classList.add("checked-js");
document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("button.checked-mark");
  if (!button) return;
  const open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", String(open));
});
