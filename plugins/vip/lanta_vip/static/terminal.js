// The partner's VIP terminal (lanta_vip): pairing once, scanning cards, granting offers,
// and a queue of redemptions kept while the network is away. Every sentence shown comes
// from the page's data attributes, translated by the server: none is written here.
(function () {
  "use strict";

  var root = document.getElementById("vip-terminal");
  if (!root) return;
  var texts = document.getElementById("vip-terminal-texts").dataset;
  var lang = root.dataset.lang || document.documentElement.lang || "fr";
  // The key is this tablet's credential for the terminal API, handed once at pairing and
  // revocable by the office: it must outlive reloads and restarts, and it never leaves
  // this origin (localStorage is per origin; the API reads it from a header, not a cookie).
  var KEY_STORE = "lanta_vip.terminal";
  // Redemptions that could not reach the server, with their request_id and tap time, so
  // that sending one again can never grant it twice (the API replays a known request_id).
  var QUEUE_STORE = "lanta_vip.queue";
  var RETRY_MS = 60000;

  var el = function (id) { return document.getElementById(id); };
  var alertBox = el("vip-alert");
  var statusBox = el("vip-status");
  var cardInput = el("vip-card-input");
  var current = null; // {card, data}: the card last scanned and the API's answer
  var flushing = false;

  // --- storage -----------------------------------------------------------------------

  function read(name, fallback) {
    try {
      var value = JSON.parse(window.localStorage.getItem(name));
      return value === null ? fallback : value;
    } catch (error) {
      return fallback;
    }
  }

  function write(name, value) {
    if (value === null) window.localStorage.removeItem(name);
    else window.localStorage.setItem(name, JSON.stringify(value));
  }

  function terminal() { return read(KEY_STORE, null); }
  function queue() { return read(QUEUE_STORE, []); }

  function setQueue(items) {
    write(QUEUE_STORE, items.length ? items : null);
    el("vip-queue-count").textContent = String(items.length);
  }

  // --- messages ----------------------------------------------------------------------

  function showAlert(message) {
    // Emptied first, so that the same sentence twice is announced twice.
    alertBox.textContent = "";
    if (message) window.setTimeout(function () { alertBox.textContent = message; }, 50);
  }

  function showStatus(message) {
    statusBox.textContent = message || "";
  }

  // --- helpers -----------------------------------------------------------------------

  function newRequestId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // randomUUID needs a secure context; a tablet on the office's plain-HTTP network
    // still gets 122 random bits in the same shape.
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
            hex.slice(20)].join("-");
  }

  function localIsoTime(date) {
    // The tablet's own time with its offset: the server judges a late redemption then.
    var pad = function (n) { return String(n).padStart(2, "0"); };
    var offset = -date.getTimezoneOffset();
    var sign = offset >= 0 ? "+" : "-";
    offset = Math.abs(offset);
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) +
      "T" + pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" +
      pad(date.getSeconds()) + sign + pad(Math.floor(offset / 60)) + ":" + pad(offset % 60);
  }

  function languageName(code) {
    try {
      return new Intl.DisplayNames([lang], {type: "language"}).of(code) || code;
    } catch (error) {
      return code;
    }
  }

  function valueLabel(offer) {
    if (offer.kind === "percent" && offer.value !== null) {
      return new Intl.NumberFormat(lang, {style: "percent"}).format(offer.value / 100);
    }
    if (offer.kind === "amount" && offer.value !== null) {
      return new Intl.NumberFormat(lang, {style: "currency", currency: "EUR"})
        .format(offer.value / 100);
    }
    // data-kind-free_entry reads as dataset.kindFree_entry.
    return texts["kind" + offer.kind.charAt(0).toUpperCase() + offer.kind.slice(1)] || "";
  }

  function cardValue(raw) {
    // The QR code holds the card page's address; the API wants the token, its last part.
    var value = (raw || "").trim();
    var marker = value.indexOf("/vip/card/");
    if (marker >= 0) {
      value = value.slice(marker + "/vip/card/".length).split(/[/?#]/)[0];
      try { value = decodeURIComponent(value); } catch (error) { /* keep it as read */ }
    }
    return value;
  }

  // --- the API -----------------------------------------------------------------------

  // Resolves to {status, body}; rejects only when the server could not be reached.
  function call(url, payload, key) {
    var headers = {"Content-Type": "application/json", "Accept": "application/json"};
    if (key) headers.Authorization = "Bearer " + key;
    return window.fetch(url, {method: "POST", headers: headers, body: JSON.stringify(payload),
                              credentials: "omit", cache: "no-store"})
      .then(function (response) {
        return response.json().then(
          function (body) { return {status: response.status, body: body}; },
          function () { return {status: response.status, body: null}; });
      });
  }

  function detail(answer) {
    return (answer.body && answer.body.detail) || texts.unexpected;
  }

  // Gateways answering for a server that is down: as good as no network.
  function unreachable(status) { return status === 502 || status === 503 || status === 504; }

  // --- screens -----------------------------------------------------------------------

  function showScreen() {
    var paired = terminal();
    el("vip-pairing").hidden = Boolean(paired);
    el("vip-scan").hidden = !paired;
    setQueue(queue());
    if (paired) {
      el("vip-partner-name").textContent = paired.partner ? paired.partner.name : "";
      cardInput.focus();
    } else {
      el("vip-pairing-code").focus();
    }
  }

  function pair(event) {
    event.preventDefault();
    var code = el("vip-pairing-code").value.trim();
    if (!code) return;
    showAlert("");
    call(root.dataset.pairUrl, {code: code}).then(function (answer) {
      if (answer.status !== 201 || !answer.body || !answer.body.key) {
        showAlert(detail(answer));
        return;
      }
      write(KEY_STORE, {key: answer.body.key, terminal: answer.body.terminal,
                        partner: answer.body.partner});
      el("vip-pairing-code").value = "";
      showScreen();
      showStatus(texts.paired);
      flush();
    }, function () { showAlert(texts.network); });
  }

  function forget() {
    var message = texts.forgetConfirm;
    if (queue().length) message += " " + texts.forgetQueue;
    if (!window.confirm(message)) return;
    write(KEY_STORE, null);
    setQueue([]);
    current = null;
    el("vip-visitor").hidden = true;
    showStatus("");
    showAlert("");
    showScreen();
  }

  // --- scanning ----------------------------------------------------------------------

  function scan(raw) {
    var paired = terminal();
    var value = cardValue(raw);
    if (!paired) return;
    if (!value) {
      showAlert(texts.noCard);
      return;
    }
    showAlert("");
    call(root.dataset.scanUrl, {card: value, lang: lang}, paired.key).then(function (answer) {
      cardInput.value = "";
      if (answer.status !== 200 || !answer.body) {
        el("vip-visitor").hidden = true;
        current = null;
        showAlert(detail(answer));
        return;
      }
      current = {card: value, data: answer.body};
      showVisitor(answer.body);
    }, function () { showAlert(texts.network); });
  }

  function showVisitor(data) {
    el("vip-visitor-name").textContent = data.first_name;
    el("vip-visitor-language").textContent = languageName(data.language);
    var list = el("vip-offers");
    list.textContent = "";
    data.offers.forEach(function (offer) { list.appendChild(offerItem(offer)); });
    el("vip-no-offers").hidden = data.offers.length > 0;
    el("vip-visitor").hidden = false;
    showStatus(data.first_name);
    cardInput.focus();
  }

  function part(tag, className, text, language) {
    var node = document.createElement(tag);
    node.className = className;
    node.textContent = text;
    if (language && language !== lang) node.lang = language;
    return node;
  }

  function offerItem(offer) {
    var item = document.createElement("li");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "vip-offer-button";
    button.dataset.offer = String(offer.id);
    var value = valueLabel(offer);
    if (value) button.appendChild(part("span", "vip-offer-button__value", value));
    button.appendChild(part("span", "vip-offer-button__title", offer.title, offer.language));
    if (offer.text) {
      button.appendChild(part("span", "vip-offer-button__text", offer.text, offer.language));
    }
    if (offer.terms) {
      button.appendChild(part("span", "vip-offer-button__terms", offer.terms, offer.language));
    }
    if (offer.valid_until_day) {
      // The last day it works, as the office counts days: read as a plain date (noon UTC
      // keeps it on that day in any time zone the tablet is set to).
      var until = new Date(offer.valid_until_day + "T12:00:00Z");
      button.appendChild(part("span", "vip-offer-button__meta", texts.until + " " +
        until.toLocaleDateString(lang, {dateStyle: "medium", timeZone: "UTC"})));
    }
    var left = part("span", "vip-offer-button__meta vip-offer-button__left", "");
    button.appendChild(left);
    showLeft(left, offer.remaining);
    button.addEventListener("click", function () { redeem(offer, button, left); });
    item.appendChild(button);
    return item;
  }

  function showLeft(node, remaining) {
    node.textContent = remaining === null || remaining === undefined ? ""
      : texts.usesLeft + " " + remaining;
    node.hidden = !node.textContent;
  }

  function used(offer, button, left) {
    if (offer.remaining !== null && offer.remaining !== undefined) {
      offer.remaining = Math.max(0, offer.remaining - 1);
      showLeft(left, offer.remaining);
      if (offer.remaining === 0) button.disabled = true;
    }
    cardInput.focus();
  }

  // --- redeeming ---------------------------------------------------------------------

  function redeem(offer, button, left) {
    var paired = terminal();
    if (!paired || !current || button.disabled) return;
    // The printed number, not what the reader typed: a UID goes to the next visitor
    // once a stay ends, and a kept redemption may be sent days later. Numbers never are.
    var request = {card: current.data.card_number || current.card, offer_id: offer.id,
                   request_id: newRequestId()};
    var visitor = current.data.first_name;
    var tappedAt = localIsoTime(new Date());
    button.disabled = true;
    showAlert("");
    call(root.dataset.redeemUrl, request, paired.key).then(function (answer) {
      button.disabled = false;
      if (unreachable(answer.status)) {
        keep(request, tappedAt, offer, button, left);
      } else if (answer.status === 201 || answer.status === 200) {
        showStatus(texts.granted + " " + offer.title + " — " + visitor);
        used(offer, button, left);
      } else {
        showAlert(detail(answer));
      }
    }, function () {
      button.disabled = false;
      keep(request, tappedAt, offer, button, left);
    });
  }

  function keep(request, tappedAt, offer, button, left) {
    var items = queue();
    items.push({card: request.card, offer_id: request.offer_id,
                request_id: request.request_id, redeemed_at: tappedAt, title: offer.title});
    setQueue(items);
    showAlert(texts.queued);
    showStatus(texts.kept + " " + offer.title);
    used(offer, button, left);
  }

  // Sends the kept redemptions one after the other; stops at the first that cannot
  // reach the server, and drops those the server refuses (they would never pass).
  function flush() {
    var paired = terminal();
    if (flushing || !paired || !queue().length) return;
    flushing = true;
    var sent = 0;
    var step = function () {
      var items = queue();
      if (!items.length || !terminal()) {
        flushing = false;
        if (sent) showStatus(texts.sentLater);
        return;
      }
      var item = items[0];
      call(root.dataset.redeemUrl, {card: item.card, offer_id: item.offer_id,
                                    request_id: item.request_id,
                                    redeemed_at: item.redeemed_at}, paired.key)
        .then(function (answer) {
          var retryLater = unreachable(answer.status) || answer.status === 429 ||
            answer.status === 401 || answer.status >= 500;
          if (retryLater) {
            flushing = false;
            if (answer.status === 401) showAlert(detail(answer));
            return;
          }
          if (answer.status === 200 || answer.status === 201) sent += 1;
          else showAlert(item.title + " — " + detail(answer));
          setQueue(queue().filter(function (kept) {
            return kept.request_id !== item.request_id;
          }));
          step();
        }, function () { flushing = false; });
    };
    step();
  }

  // --- the camera (terminal.camera.js) ----------------------------------------------

  var camera = window.LantaVipCamera;

  function stopCamera() {
    camera.stop();
    el("vip-camera").hidden = true;
    el("vip-qr-button").focus();
  }

  function startCamera() {
    el("vip-camera").hidden = false;
    camera.start(el("vip-camera-video"), function (raw) {
      stopCamera();
      scan(raw);
    }).then(function () {
      el("vip-camera-stop").focus();
    }, function () {
      stopCamera();
      showAlert(texts.cameraFailed);
    });
  }

  // --- start -------------------------------------------------------------------------

  el("vip-pairing-form").addEventListener("submit", pair);
  el("vip-scan-form").addEventListener("submit", function (event) {
    event.preventDefault();
    scan(cardInput.value);
  });
  el("vip-forget").addEventListener("click", forget);
  el("vip-qr-button").addEventListener("click", startCamera);
  el("vip-camera-stop").addEventListener("click", stopCamera);
  window.addEventListener("online", flush);
  // The "online" event misses networks that come back without the device noticing.
  window.setInterval(flush, RETRY_MS);
  // Without a camera that reads QR codes the button stays hidden: the typed number remains.
  camera.available().then(function (yes) { el("vip-qr-button").hidden = !yes; });
  showScreen();
  flush();
})();
