// Behaviour that would otherwise be inline script (the Content-Security-Policy allows none):
// a form with data-confirm="问题？" asks before it is submitted.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
