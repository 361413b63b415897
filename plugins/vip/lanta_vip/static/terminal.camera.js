// Reading a card's QR code with the tablet's camera (lanta_vip terminal), where the
// browser decodes QR codes itself (BarcodeDetector): no decoder is shipped, and no image
// leaves the tablet. terminal.js uses it through window.LantaVipCamera.
(function () {
  "use strict";

  var stream = null;
  var LOOK_MS = 200;

  function available() {
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices ||
        typeof navigator.mediaDevices.getUserMedia !== "function") {
      return Promise.resolve(false);
    }
    var formats = typeof window.BarcodeDetector.getSupportedFormats === "function"
      ? window.BarcodeDetector.getSupportedFormats() : Promise.resolve(["qr_code"]);
    return formats.then(function (supported) { return supported.indexOf("qr_code") >= 0; },
                        function () { return false; });
  }

  function stop() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
  }

  // Resolves once the camera shows in ``video``; calls ``onCode`` with the first QR code
  // read, once. Rejects when there is no camera or the person refused it.
  function start(video, onCode) {
    var detector;
    try {
      detector = new window.BarcodeDetector({formats: ["qr_code"]});
    } catch (error) {
      return Promise.reject(error);
    }
    return navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"},
                                                audio: false})
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        return video.play();
      })
      .then(function () { look(detector, video, onCode); });
  }

  function look(detector, video, onCode) {
    if (!stream) return;
    detector.detect(video).then(function (codes) {
      var found = codes.length ? codes[0].rawValue : "";
      if (found) {
        onCode(found);
      } else {
        window.setTimeout(function () { look(detector, video, onCode); }, LOOK_MS);
      }
    }, function () {
      window.setTimeout(function () { look(detector, video, onCode); }, LOOK_MS * 2);
    });
  }

  window.LantaVipCamera = {available: available, start: start, stop: stop};
})();
