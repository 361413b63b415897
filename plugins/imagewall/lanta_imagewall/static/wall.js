/* The image wall, made nicer where JavaScript runs (every page works without it):
 * - the filter form follows a changed select at once, leaving "all" out of the address;
 * - "More pictures" loads the next page in place (the link stays the fallback) and
 *   moves the link to the page after it;
 * - an item's webcam image is fetched again every refresh_s seconds;
 * - "Share" uses the Web Share API, else copies the link. */
(function () {
  "use strict";

  var filters = document.getElementById("wall-filters");
  if (filters) {
    // Filters left at "all" stay out of the address, which stays short to share.
    var dropEmpty = function () {
      filters.querySelectorAll("select").forEach(function (select) {
        select.disabled = select.value === "";
      });
    };
    filters.addEventListener("submit", dropEmpty);
    filters.addEventListener("change", function (event) {
      if (event.target.tagName === "SELECT") {
        dropEmpty();
        filters.submit();
      }
    });
    // Coming back through the history shows the selects usable again.
    window.addEventListener("pageshow", function () {
      filters.querySelectorAll("select").forEach(function (select) { select.disabled = false; });
    });
  }

  function loadMore(link) {
    link.setAttribute("aria-busy", "true");
    fetch(link.href, {credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html");
        var list = document.querySelector("[data-wall-tiles]");
        var more = next.querySelectorAll("[data-wall-tiles] > li");
        var first = null;
        more.forEach(function (tile) {
          var adopted = document.importNode(tile, true);
          list.appendChild(adopted);
          first = first || adopted;
        });
        var following = next.getElementById("wall-more");
        if (following) {
          link.href = following.href;
          link.removeAttribute("aria-busy");
        } else {
          link.parentNode.remove();
        }
        // Keyboard users carry on from the first new picture.
        if (first) { first.querySelector("a").focus({preventScroll: true}); }
      })
      .catch(function () { window.location.href = link.href; });
  }

  var moreLink = document.getElementById("wall-more");
  if (moreLink && window.fetch && window.DOMParser) {
    moreLink.addEventListener("click", function (event) {
      event.preventDefault();
      if (moreLink.getAttribute("aria-busy") !== "true") { loadMore(moreLink); }
    });
  }

  var webcam = document.querySelector(".wall-item__webcam[data-refresh]");
  var seconds = webcam ? parseInt(webcam.getAttribute("data-refresh"), 10) : 0;
  if (webcam && seconds > 0) {
    var base = webcam.getAttribute("src");
    window.setInterval(function () {
      if (document.hidden) { return; }
      // A new query string makes the browser fetch the new image, not its cached one.
      webcam.src = base + (base.indexOf("?") < 0 ? "?" : "&") + "t=" + Date.now();
    }, Math.max(5, seconds) * 1000);
  }

  var share = document.getElementById("wall-share");
  var status = document.getElementById("wall-share-status");
  if (share) {
    var url = share.getAttribute("data-share-url");
    var canShare = typeof navigator.share === "function";
    var canCopy = navigator.clipboard && typeof navigator.clipboard.writeText === "function";
    if (canShare || canCopy) {
      share.textContent = share.getAttribute(canShare ? "data-label-share" : "data-label-copy");
      share.hidden = false;
      share.addEventListener("click", function () {
        if (canShare) {
          navigator.share({title: share.getAttribute("data-share-title"), url: url})
            .catch(function () { /* the visitor closed the sheet */ });
          return;
        }
        navigator.clipboard.writeText(url).then(function () {
          status.textContent = status.getAttribute("data-copied");
        });
      });
    }
  }
}());
