/* The contribution form: "Use my position" fills the hidden latitude and longitude
   from the phone's geolocation. Without JavaScript or geolocation the button stays
   hidden and the place is chosen from the list or typed. */
(function () {
  "use strict";
  var form = document.getElementById("contribute-form");
  var box = document.getElementById("iw-locate");
  if (!form || !box || !("geolocation" in navigator)) { return; }
  var button = document.getElementById("iw-locate-button");
  var status = document.getElementById("iw-locate-status");
  var lat = document.getElementById("iw-lat");
  var lon = document.getElementById("iw-lon");
  box.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = form.dataset.locating;
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (position) {
      // Three decimals: about a hundred metres. The point is shown with the picture;
      // it says where, not the sender's doorstep (the server rounds the same way).
      lat.value = position.coords.latitude.toFixed(3);
      lon.value = position.coords.longitude.toFixed(3);
      status.textContent = form.dataset.located;
      button.disabled = false;
    }, function () {
      lat.value = "";
      lon.value = "";
      status.textContent = form.dataset.unlocated;
      button.disabled = false;
    }, {enableHighAccuracy: true, timeout: 15000, maximumAge: 60000});
  });
}());
