// "Around me": offer the browser's position when it has one. Without JavaScript, or when
// the visitor refuses, the form still works with a typed place.
(function () {
  "use strict";
  var form = document.getElementById("around-form");
  if (!form || !("geolocation" in navigator)) return;
  var field = document.getElementById("around-locate-field");
  var button = document.getElementById("around-locate");
  var status = document.getElementById("around-status");
  field.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = form.dataset.locatingText;
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (position) {
      form.elements.near.value = position.coords.latitude.toFixed(6) + "," +
        position.coords.longitude.toFixed(6);
      form.elements.place.value = "";
      form.submit();
    }, function () {
      status.textContent = form.dataset.deniedText;
      button.disabled = false;
      form.elements.place.focus();
    }, {enableHighAccuracy: false, timeout: 10000, maximumAge: 60000});
  });
})();
