/* The office's card forms. A keyboard-wedge NFC reader types the chip's number into the
   focused field and then presses Enter, which would submit a half-filled form: in a
   field marked data-vip-wedge, Enter moves on to the field named by data-vip-next. */
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || !field.hasAttribute || !field.hasAttribute("data-vip-wedge")) {
      return;
    }
    event.preventDefault();
    var next = document.getElementById(field.getAttribute("data-vip-next"));
    if (next) {
      next.focus();
    }
  });
}());
