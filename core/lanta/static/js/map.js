// Maps of partners with Leaflet (served by the site). The list beside each map carries the
// same places, so the page says everything without JavaScript.
(function () {
  "use strict";
  function draw(element) {
    var map = L.map(element, {scrollWheelZoom: false});
    L.tileLayer(element.dataset.tiles, {
      maxZoom: 19, attribution: element.dataset.attribution
    }).addTo(map);
    var bounds = [];
    JSON.parse(element.dataset.points || "[]").forEach(function (point) {
      var marker = L.marker([point.lat, point.lon], {title: point.name, alt: point.name});
      if (point.url) {
        var link = document.createElement("a");
        link.href = point.url;
        link.textContent = point.name;
        marker.bindPopup(link);
      }
      marker.addTo(map);
      bounds.push([point.lat, point.lon]);
    });
    if (element.dataset.centre) {
      var centre = element.dataset.centre.split(",").map(Number);
      L.circleMarker(centre, {radius: 9, weight: 3}).addTo(map);
      bounds.push(centre);
    }
    if (bounds.length === 1) {
      map.setView(bounds[0], 16);
    } else if (bounds.length > 1) {
      map.fitBounds(bounds, {padding: [24, 24], maxZoom: 17});
    }
  }
  function start() {
    if (!window.L) return;
    document.querySelectorAll("[data-map]").forEach(function (element) {
      element.hidden = false;
      draw(element);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
