/* The contribution form's position. "Use my position" fills the hidden latitude and
   longitude from the phone's geolocation; a map (Leaflet, served by the site) lets the
   sender tap the point instead (or, from the keyboard, move the map and choose its
   centre), shows it with one marker and can remove it. Without
   JavaScript, geolocation or Leaflet, these stay hidden and the place is chosen from
   the list or typed. */
(function () {
  "use strict";
  var form = document.getElementById("contribute-form");
  if (!form) { return; }
  var lat = document.getElementById("iw-lat");
  var lon = document.getElementById("iw-lon");

  // Three decimals: about a hundred metres. The point is shown with the picture;
  // it says where, not the sender's doorstep (the server rounds the same way).
  function rounded(value) { return Number(value).toFixed(3); }

  function mapPicker() {
    var box = document.getElementById("iw-map-box");
    var element = document.getElementById("iw-map");
    if (!box || !element || !window.L) { return null; }
    var status = document.getElementById("iw-point-status");
    var remove = document.getElementById("iw-point-remove");
    var texts = element.dataset;
    box.hidden = false;  // first: Leaflet measures its container when it starts
    var map = L.map(element, {scrollWheelZoom: false, zoomControl: false});
    L.control.zoom({zoomInTitle: texts.zoomIn, zoomOutTitle: texts.zoomOut}).addTo(map);
    L.tileLayer(texts.tiles, {maxZoom: 19, attribution: texts.attribution}).addTo(map);
    map.setView(texts.centre.split(",").map(Number), Number(texts.zoom));
    var marker = null;

    function show(latitude, longitude) {
      if (marker) {
        marker.setLatLng([latitude, longitude]);
      } else {
        // Not a control of its own: the button below removes it, the map moves it.
        marker = L.marker([latitude, longitude],
                          {alt: texts.marker, keyboard: false, interactive: false});
        marker.addTo(map);
      }
      status.textContent = texts.pointChosen.replace("{lat}", latitude)
                                            .replace("{lon}", longitude);
      remove.hidden = false;
    }
    function clear() {
      if (marker) { map.removeLayer(marker); }
      marker = null;
      status.textContent = "";
      remove.hidden = true;
    }

    function choose(latlng) {
      var point = latlng.wrap();  // a world scrolled sideways still gives ±180
      lat.value = rounded(point.lat);
      lon.value = rounded(point.lng);
      show(lat.value, lon.value);
    }
    map.on("click", function (event) { choose(event.latlng); });
    // Without a pointer: Leaflet moves the focused map with the arrow keys and zooms
    // with + and -; Enter or Space then chooses the point under the cross at its centre.
    element.addEventListener("keydown", function (event) {
      if (event.target !== element || (event.key !== "Enter" && event.key !== " ")) {
        return;
      }
      event.preventDefault();  // Space would scroll the page
      choose(map.getCenter());
    });
    remove.addEventListener("click", function () {
      lat.value = "";
      lon.value = "";
      clear();
      status.textContent = texts.removed;
      // "Position found." no longer holds once its point is removed.
      document.getElementById("iw-locate-status").textContent = "";
      element.focus();  // the button is gone: keep the keyboard near where it was
    });
    if (lat.value && lon.value) {  // the form came back with an error: keep the point
      show(lat.value, lon.value);
      map.setView([Number(lat.value), Number(lon.value)], Math.max(map.getZoom(), 14));
    }
    return {
      moveTo: function (latitude, longitude) {
        show(latitude, longitude);
        map.setView([Number(latitude), Number(longitude)], Math.max(map.getZoom(), 14));
      },
      clear: clear
    };
  }

  function locator(picker) {
    var box = document.getElementById("iw-locate");
    if (!box || !("geolocation" in navigator)) { return; }
    var button = document.getElementById("iw-locate-button");
    var status = document.getElementById("iw-locate-status");
    box.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = form.dataset.locating;
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (position) {
        lat.value = rounded(position.coords.latitude);
        lon.value = rounded(position.coords.longitude);
        if (picker) { picker.moveTo(lat.value, lon.value); }
        status.textContent = form.dataset.located;
        button.disabled = false;
      }, function () {
        lat.value = "";
        lon.value = "";
        if (picker) { picker.clear(); }
        status.textContent = form.dataset.unlocated;
        button.disabled = false;
      }, {enableHighAccuracy: true, timeout: 15000, maximumAge: 60000});
    });
  }

  locator(mapPicker());
}());
