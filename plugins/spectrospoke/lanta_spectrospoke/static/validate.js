// The voucher check: where the browser can read QR codes (BarcodeDetector), a button
// opens the camera; the first code read fills the field and sends the form. Elsewhere
// the partner types the reference.
(function () {
  "use strict";
  var scan = document.getElementById("scan");
  var form = document.getElementById("validate-form");
  if (!scan || !form || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  var start = document.getElementById("scan-start");
  var video = document.getElementById("scan-video");
  var field = document.getElementById("voucher");
  var stream = null;
  var asked = false;

  function stop() {
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
    }
    stream = null;
  }

  scan.hidden = false;
  start.addEventListener("click", function () {
    // One camera at a time: a second click while the first one opens does nothing.
    if (asked) {
      return;
    }
    asked = true;
    start.disabled = true;
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
      .then(function (opened) {
        stream = opened;
        video.srcObject = stream;
        video.hidden = false;
        start.hidden = true;
        return video.play().then(function () {
          function look() {
            if (!stream) {
              return;
            }
            detector.detect(video).then(function (codes) {
              if (codes.length) {
                stop();
                field.value = codes[0].rawValue;
                form.submit();
              } else {
                window.requestAnimationFrame(look);
              }
            }, function () { window.requestAnimationFrame(look); });
          }
          look();
        });
      })
      .catch(function () {
        // No camera, or the partner refused it: typing still works.
        stop();
        start.hidden = true;
        field.focus();
      });
  });
  // Leaving the page turns the camera off; coming back (the browser kept the page) shows
  // the button again.
  window.addEventListener("pagehide", function () {
    if (!stream) {
      return;
    }
    stop();
    video.hidden = true;
    start.hidden = false;
    start.disabled = false;
    asked = false;
  });
}());
