// The moderation queue: a button ticking every item of the page (shown only where
// scripts run: without them, moderators tick the boxes one by one), and the deletion's
// confirmation box shown only when "delete" is the action chosen.
(function () {
  "use strict";
  var form = document.getElementById("imagewall-bulk");
  if (!form) { return; }
  var selectAll = form.querySelector("[data-imagewall-select-all]");
  if (selectAll) {
    selectAll.hidden = false;
    selectAll.addEventListener("click", function () {
      var boxes = form.querySelectorAll("input[name=item]");
      var tick = Array.prototype.some.call(boxes, function (box) { return !box.checked; });
      Array.prototype.forEach.call(boxes, function (box) { box.checked = tick; });
    });
  }
  var action = form.querySelector("select[name=action]");
  var confirmBox = form.querySelector(".iw-bulk__confirm");
  var reason = form.querySelector(".iw-bulk__reason");
  function follow() {
    if (confirmBox) { confirmBox.hidden = action.value !== "delete"; }
    if (reason) { reason.hidden = action.value !== "reject"; }
  }
  if (action) {
    action.addEventListener("change", follow);
    follow();
  }
})();
