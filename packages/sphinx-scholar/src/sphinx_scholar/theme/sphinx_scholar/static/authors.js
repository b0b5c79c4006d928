// The "+N authors" button of a long author list: shows the names it leaves out, and hides them again.
document.addEventListener("click", (event) => {
  const button = event.target.closest(".pub-authors-toggle");
  if (!button) return;
  const open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", String(open));
  button.textContent = open ? button.dataset.less : button.dataset.more;
  button.closest(".pub-authors").classList.toggle("pub-authors-open", open);
});
