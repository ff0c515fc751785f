/* Progressive enhancement: a "copy" button after every element with data-copy.
   The button label comes from data-copy-label, the confirmation from
   data-copied-label (both written by the templates, in the page language).
   Without JavaScript, or without the clipboard API, the text stays selectable. */
(function () {
  "use strict";

  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }

  function textOf(element) {
    return (element.innerText || element.textContent || "").trim();
  }

  function enhance(element) {
    var label = element.getAttribute("data-copy-label");
    var copied = element.getAttribute("data-copied-label") || label;
    if (!label) {
      return;
    }

    var row = document.createElement("p");
    row.className = "copy-row";

    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button-secondary copy-button";
    button.textContent = label;

    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");

    var timer = null;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(textOf(element)).then(
        function () {
          status.textContent = copied;
          window.clearTimeout(timer);
          timer = window.setTimeout(function () {
            status.textContent = "";
          }, 4000);
        },
        function () {
          /* Copy refused: select the text so a long press or Ctrl+C finishes the job. */
          var range = document.createRange();
          range.selectNodeContents(element);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        }
      );
    });

    row.appendChild(button);
    row.appendChild(status);
    element.insertAdjacentElement("afterend", row);
  }

  function start() {
    var elements = document.querySelectorAll("[data-copy]");
    for (var i = 0; i < elements.length; i += 1) {
      enhance(elements[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
