/* The visitor chat widget of the Lanta add-on "chat" (plain JavaScript, no framework).
 *
 * The page's markup is the same for every visitor (pages are cached): this script keeps
 * what belongs to this visitor in localStorage (the conversation's token, the cursor,
 * whether the panel is open, messages not sent yet) and asks the API for the rest.
 * Every text from the server or the visitor goes in through textContent, never as HTML.
 */
(function () {
  "use strict";

  var root = document.getElementById("lanta-chat");
  if (!root || !window.fetch || !window.JSON) { return; }
  var config = JSON.parse(root.getAttribute("data-config"));
  var L = config.labels;
  var KEY = "lanta-chat";
  var HIDDEN_POLL_MS = 10000;
  var openButton = root.querySelector(".lanta-chat-open");
  var panel = root.querySelector(".lanta-chat-panel");
  var closeButton = root.querySelector(".lanta-chat-close");
  var statusLine = root.querySelector("[data-chat-status]");
  var log = root.querySelector("[data-chat-log]");
  var alertLine = root.querySelector("[data-chat-alert]");
  var body = root.querySelector("[data-chat-body]");

  var state = load();
  var shown = {};            // seq → true for the messages in the log
  var conversation = null;   // {state, online, rating, offline} from the last poll
  var office = null;         // the last /status answer
  var pollTimer = null;
  var historyLoaded = false;

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      return (saved && typeof saved === "object") ? saved : {};
    } catch (e) { return {}; }
  }
  function save() {
    try { window.localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  function text(template, values) {
    return template.replace(/\$\{(\w+)\}/g, function (all, name) {
      return values[name] === undefined ? all : String(values[name]);
    });
  }
  function el(tag, attrs, content) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (content !== undefined) { node.textContent = content; }
    return node;
  }
  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function say(message) { alertLine.textContent = message || ""; }

  function api(method, url, payload) {
    var headers = {"Accept": "application/json"};
    if (state.token) { headers["X-Chat-Token"] = state.token; }
    if (payload !== undefined) { headers["Content-Type"] = "application/json"; }
    return fetch(url, {method: method, headers: headers, credentials: "omit",
                       body: payload === undefined ? undefined : JSON.stringify(payload)})
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          return {status: response.status, data: data};
        });
      });
  }

  /* --- the log ------------------------------------------------------------------- */

  function addMessage(message) {
    if (shown[message.seq]) { return; }
    shown[message.seq] = true;
    var staff = message.kind === "staff";
    var item = el("div", {"class": "lanta-chat-msg lanta-chat-" + message.kind});
    var who = staff ? (message.author || L.staff) : L.you;
    var label = el("span", {"class": "lanta-chat-who"}, who);
    item.appendChild(label);
    item.appendChild(el("p", {}, message.body));
    var items = log.querySelectorAll("[data-seq]");
    var before = null;
    for (var i = 0; i < items.length; i++) {
      if (Number(items[i].getAttribute("data-seq")) > message.seq) { before = items[i]; break; }
    }
    item.setAttribute("data-seq", String(message.seq));
    log.insertBefore(item, before);
    log.scrollTop = log.scrollHeight;
  }

  /* --- polling ------------------------------------------------------------------- */

  function schedule(ms) {
    window.clearTimeout(pollTimer);
    pollTimer = null;
    var running = state.token && (!conversation || conversation.state !== "closed");
    if (!state.token || (!state.open && !running)) { return; }
    pollTimer = window.setTimeout(poll, document.hidden ? Math.max(ms, HIDDEN_POLL_MS) : ms);
  }

  function poll() {
    if (!state.token) { return; }
    var after = historyLoaded ? (state.cursor || 0) : 0;
    api("GET", config.api.messages + "?after=" + after).then(function (answer) {
      if (answer.status === 404) { forget(); render(); return; }
      if (answer.status !== 200) { schedule(5000); return; }
      var data = answer.data;
      var known = state.cursor || 0;
      // The history rebuilt after a reload is not read out again; new replies are.
      if (!historyLoaded) { log.setAttribute("aria-live", "off"); }
      data.messages.forEach(function (m) { addMessage(m); });
      if (!historyLoaded) { window.setTimeout(function () { log.setAttribute("aria-live", "polite"); }, 0); }
      historyLoaded = true;
      var wasClosed = conversation && conversation.state === "closed";
      conversation = {state: data.state, online: data.online, rating: data.rating};
      state.cursor = Math.max(known, data.cursor);
      save();
      if ((data.state === "closed") !== wasClosed || !body.firstChild) { render(); }
      schedule(data.poll_ms || 1500);
    }).catch(function () { schedule(5000); });
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && pollTimer) { schedule(0); }
  });

  /* --- sending (a failed send is retried with the same client_id: never doubled) --- */

  function sendPending() {
    var pending = (state.pending || [])[0];
    if (!pending || !state.token) { return; }
    api("POST", config.api.messages, pending).then(function (answer) {
      if (answer.status === 201 || answer.status === 200) {
        state.pending.shift(); save();
        addMessage(answer.data);
        say("");
        sendPending();
        schedule(0);
      } else if (answer.status === 409) {
        state.pending = []; save();
        conversation = {state: "closed"};
        render();
      } else if (answer.status >= 500) {
        say(L.retry); window.setTimeout(sendPending, 3000);
      } else {
        state.pending.shift(); save();
        say(answer.data.detail || L.error);
      }
    }).catch(function () { say(L.retry); window.setTimeout(sendPending, 3000); });
  }

  function start(fields, button) {
    button.disabled = true;
    say("");
    var payload = {message: fields.message, client_id: state.startId || newId(),
                   language: config.lang, name: fields.name || null,
                   email: fields.email || null, page_url: location.pathname,
                   page_title: document.title.slice(0, 200)};
    state.startId = payload.client_id; save();
    api("POST", config.api.conversations, payload).then(function (answer) {
      button.disabled = false;
      if (answer.status !== 201) {
        say(answer.data.detail || L.error);
        if (answer.data.field) {
          // The API names the message "body"; the form names it "message".
          var name = answer.data.field === "body" ? "message" : answer.data.field;
          var field = body.querySelector("[name=" + name + "]");
          if (field) { field.focus(); }
        }
        return;
      }
      state.token = answer.data.token;
      state.cursor = 0;
      state.offline = answer.data.conversation.offline;
      delete state.startId;
      save();
      historyLoaded = true;
      conversation = {state: answer.data.conversation.state};
      answer.data.messages.forEach(function (m) { addMessage(m); });
      state.cursor = answer.data.cursor; save();
      render();
      schedule(0);
    }).catch(function () { button.disabled = false; say(L.error); });
  }

  function forget() {
    ["token", "cursor", "pending", "offline", "startId"].forEach(function (k) { delete state[k]; });
    save();
    conversation = null;
    shown = {};
    historyLoaded = false;
    log.textContent = "";
  }

  /* --- the panel's body ---------------------------------------------------------- */

  function field(form, name, label, type, required) {
    var id = "lanta-chat-" + name;
    var wrap = el("p", {"class": "lanta-chat-field"});
    wrap.appendChild(el("label", {"for": id}, label));
    var input = type === "textarea" ? el("textarea", {rows: "3", maxlength: "4000"})
                                    : el("input", {type: type, maxlength: name === "email" ? "254" : "80"});
    input.id = id; input.name = name;
    if (name === "email") { input.setAttribute("autocomplete", "email"); }
    if (name === "name") { input.setAttribute("autocomplete", "given-name"); }
    if (required) { input.required = true; }
    wrap.appendChild(input);
    form.appendChild(wrap);
    return input;
  }

  function hoursTable() {
    var table = el("table", {"class": "lanta-chat-hours"});
    table.appendChild(el("caption", {}, L.hours));
    var tbody = el("tbody");
    (office.hours || []).forEach(function (day) {
      var row = el("tr");
      row.appendChild(el("th", {scope: "row"}, day.day));
      row.appendChild(el("td", {}, day.slots.length ? day.slots.join(", ") : L.closed_day));
      tbody.appendChild(row);
    });
    table.appendChild(tbody);
    return table;
  }

  function startForm() {
    var form = el("form", {"class": "lanta-chat-form", novalidate: "novalidate"});
    var offline = office && !office.online;
    var name = offline ? null : field(form, "name", L.name, "text", false);
    var email = offline ? field(form, "email", L.email, "email", true) : null;
    var message = field(form, "message", L.message, "textarea", true);
    var send = el("button", {type: "submit", "class": "lanta-chat-send"}, L.send);
    form.appendChild(send);
    var asked = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var fields = {message: message.value, name: name && name.value, email: email && email.value};
      if (offline || asked) { start(fields, send); return; }
      asked = true;
      suggestFor(message.value, form, function () { start(fields, send); });
    });
    return form;
  }

  function suggestFor(question, form, askAnyway) {
    var url = config.api.suggestions + "?lang=" + encodeURIComponent(config.lang) +
              "&q=" + encodeURIComponent(question.slice(0, 200));
    api("GET", url).then(function (answer) {
      var found = (answer.data && answer.data.suggestions) || [];
      if (!found.length) { askAnyway(); return; }
      var box = el("div", {"class": "lanta-chat-suggestions"});
      var heading = el("p", {"class": "lanta-chat-maybe", tabindex: "-1"}, L.maybe);
      box.appendChild(heading);
      var list = el("ul");
      found.forEach(function (s) {
        var item = el("li");
        item.appendChild(el("a", {href: s.url}, s.title));
        list.appendChild(item);
      });
      box.appendChild(list);
      var anyway = el("button", {type: "button", "class": "lanta-chat-send"}, L.ask_anyway);
      anyway.addEventListener("click", function () { box.remove(); askAnyway(); });
      box.appendChild(anyway);
      form.parentNode.insertBefore(box, form.nextSibling);
      heading.focus();
    }).catch(askAnyway);
  }

  function composer() {
    var form = el("form", {"class": "lanta-chat-form", novalidate: "novalidate"});
    var message = field(form, "message", L.message, "textarea", true);
    var send = el("button", {type: "submit", "class": "lanta-chat-send"}, L.send);
    form.appendChild(send);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!message.value.trim()) { say(L.message); message.focus(); return; }
      state.pending = (state.pending || []).concat([{body: message.value, client_id: newId(),
        page_url: location.pathname, page_title: document.title.slice(0, 200)}]);
      save();
      message.value = "";
      sendPending();
    });
    message.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit ? form.requestSubmit() : send.click(); }
    });
    return form;
  }

  function rating() {
    var box = el("div", {"class": "lanta-chat-rating"});
    box.appendChild(el("p", {}, L.conversation_closed));
    if (conversation.rating) {
      box.appendChild(el("p", {"class": "lanta-chat-thanks"}, L.thanks));
    } else {
      var group = el("div", {role: "group", "aria-labelledby": "lanta-chat-rate"});
      group.appendChild(el("p", {id: "lanta-chat-rate"}, L.rate));
      [1, 2, 3, 4, 5].forEach(function (n) {
        var star = el("button", {type: "button", "class": "lanta-chat-star",
                                 "aria-label": text(L.rate_n, {n: n})}, String(n));
        star.addEventListener("click", function () {
          api("POST", config.api.rating, {rating: n}).then(function (answer) {
            if (answer.status === 200) { conversation.rating = n; render(); }
            else { say(answer.data.detail || L.error); }
          }).catch(function () { say(L.error); });
        });
        group.appendChild(star);
      });
      box.appendChild(group);
    }
    var again = el("button", {type: "button", "class": "lanta-chat-send"}, L["new"]);
    again.addEventListener("click", function () { forget(); render(); focusFirst(); });
    box.appendChild(again);
    return box;
  }

  function render() {
    body.textContent = "";
    var online = office ? office.online : (conversation && conversation.online);
    statusLine.textContent = online ? L.online : (office || conversation ? L.offline : "");
    if (!online && office && office.opens_at) {
      var when = new Date(office.opens_at).toLocaleString(config.lang, {
        weekday: "long", hour: "2-digit", minute: "2-digit", timeZone: "Europe/Paris"});
      statusLine.textContent += " " + text(L.opens_at, {when: when});
    }
    statusLine.className = "lanta-chat-status " + (online ? "is-online" : "is-offline");
    if (!state.token) {
      if (office) {
        if (!office.online) { body.appendChild(hoursTable()); }
        body.appendChild(startForm());
      }
      return;
    }
    if (conversation && conversation.state === "closed") { body.appendChild(rating()); return; }
    if (state.offline) { body.appendChild(el("p", {"class": "lanta-chat-note"}, L.left_offline)); }
    body.appendChild(composer());
  }

  function refreshStatus() {
    return api("GET", config.api.status + "?lang=" + encodeURIComponent(config.lang))
      .then(function (answer) { if (answer.status === 200) { office = answer.data; } })
      .catch(function () { /* the panel still works with what it knows */ });
  }

  function focusFirst() {
    var first = body.querySelector("input, textarea, button") || closeButton;
    first.focus();
  }

  function open(focus) {
    state.open = true; save();
    panel.hidden = false;
    openButton.setAttribute("aria-expanded", "true");
    refreshStatus().then(function () {
      render();
      if (focus) { focusFirst(); }
    });
    schedule(0);
  }

  function close() {
    state.open = false; save();
    panel.hidden = true;
    openButton.setAttribute("aria-expanded", "false");
    openButton.focus();
    schedule(conversation && conversation.state === "closed" ? 0 : 1500);
  }

  openButton.addEventListener("click", function () { if (panel.hidden) { open(true); } else { close(); } });
  closeButton.addEventListener("click", close);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { event.preventDefault(); close(); }
  });

  openButton.hidden = false;
  if (state.open) { open(false); } else { schedule(0); }
  if (state.pending && state.pending.length) { sendPending(); }
}());
