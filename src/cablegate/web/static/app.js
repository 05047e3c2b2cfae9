// Progressive enhancement only: copy buttons beside the citation fields. Pages work without it.
document.addEventListener("DOMContentLoaded", function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll("input.copy, textarea.copy").forEach(function (field) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy " + (field.labels && field.labels[0] ? field.labels[0].textContent : "text"));
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy"; }, 1500);
      });
    });
    field.insertAdjacentElement("afterend", button);
  });
});
