// The screening summary's Print button (no inline script: the Content-Security-Policy forbids it).
(function () {
  "use strict";
  const button = document.getElementById("print-now");
  if (button) button.addEventListener("click", function () { window.print(); });
})();
