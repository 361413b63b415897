/* The visitor chat widget of the Lanta add-on "chat" (plain JavaScript, no framework).
 *
 * The page's markup is the same for every visitor (pages are cached): this script keeps
 * what belongs to this visitor in localStorage (the conversation's token, the cursor,
 * whether the panel is open, messages not sent yet) and asks the API for the rest.
 * Every text from the server or the visitor goes in through textContent, never as HTML.
 *
 * Several tabs share that storage: each save merges with what the others saved, and a
 * conversation started in another tab is picked up from its "storage" event. A message
 * leaves the queue only once the server confirmed it (or gave it back to the visitor).
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

  var SENT_KEPT = 50;        // client_ids confirmed or given back: no tab queues them again
  var state = load();
  var shown = {};            // seq → true for the messages in the log
  var conversation = null;   // {state, online, rating, offline} from the last poll
  var office = null;         // the last /status answer
  var pollTimer = null;
  var historyLoaded = false;
  var sending = false;       // one message in flight at a time, so they arrive in order
  var sendTimer = null;
  var waitUntil = 0;         // after a 429: no message before this moment (ms)
  var dropped = {};          // tokens this tab let go of: not taken back from the storage
  var typed = {};            // name and e-mail typed in the form, kept when it is redrawn
  var TAB = newId();         // this page's own id: each tab sends the messages written in it
  var ORPHAN_MS = 60000;     // a message its tab has not sent by then (closed?) is sent here

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      return (saved && typeof saved === "object") ? saved : {};
    } catch (e) { return {}; }
  }
  function unsent(pending, sent) {
    return (pending || []).filter(function (p) { return sent.indexOf(p.client_id) < 0; });
  }
  /* What another tab saved of the same conversation joins this tab's: the messages
     confirmed by either, the queue of both in the order written. (The cursor stays this
     tab's own: it says what this tab's log shows.) */
  function merge(saved) {
    if (saved.token && saved.token !== state.token && !dropped[saved.token] && !state.token) {
      adopt(saved);
    }
    if (!saved.token || saved.token !== state.token) { return; }
    var sent = (state.sent || []).concat((saved.sent || []).filter(function (id) {
      return (state.sent || []).indexOf(id) < 0;
    })).slice(-SENT_KEPT);
    var mine = unsent(state.pending, sent);
    var ids = mine.map(function (p) { return p.client_id; });
    var theirs = unsent(saved.pending, sent).filter(function (p) { return ids.indexOf(p.client_id) < 0; });
    state.sent = sent;
    state.pending = mine.concat(theirs).sort(function (a, b) { return (a.at || 0) - (b.at || 0); });
  }
  function save() {
    merge(load());
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
  /* The conversation's secret, made here (32 random bytes, base64url): a start sent again
     after a lost answer carries the same one, and the server returns what it started. */
  function newToken() {
    if (!window.crypto || !window.crypto.getRandomValues) { return null; }
    var bytes = window.crypto.getRandomValues(new Uint8Array(32));
    var binary = "";
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return window.btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function pageUrl() {
    var url = location.pathname + location.search;
    return url.length <= 500 ? url : location.pathname.slice(0, 500);
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
          return {status: response.status, data: data || {},
                  retryAfter: Number(response.headers.get("Retry-After")) || 0};
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
    log.insertBefore(item, before || log.querySelector(".is-pending"));
    log.scrollTop = log.scrollHeight;
  }

  /* The queue's messages at the end of the log, marked as not sent yet. */
  function showPending() {
    var old = log.querySelectorAll(".is-pending");
    for (var i = 0; i < old.length; i++) { old[i].remove(); }
    (state.pending || []).forEach(function (p) {
      var item = el("div", {"class": "lanta-chat-msg lanta-chat-visitor is-pending",
                            "data-client-id": p.client_id});
      item.appendChild(el("span", {"class": "lanta-chat-who"}, L.you_sending));
      item.appendChild(el("p", {}, p.body));
      log.appendChild(item);
    });
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
      if (office && office.online !== data.online) {
        // The office opened or closed meanwhile: its hours and next opening too.
        office.online = data.online;
        refreshStatus().then(showStatus);
      }
      showStatus();
      if ((data.state === "closed") !== wasClosed || !body.firstChild) { render(); }
      schedule(data.poll_ms || 1500);
    }).catch(function () { schedule(5000); });
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && pollTimer) { schedule(0); }
  });

  /* --- sending (a failed send is retried with the same client_id: never doubled) --- */

  function retrySend(ms) {
    window.clearTimeout(sendTimer);
    sendTimer = window.setTimeout(function () { sendTimer = null; sendPending(); }, ms);
  }

  function confirmed(clientId) {
    state.pending = (state.pending || []).filter(function (p) { return p.client_id !== clientId; });
    state.sent = (state.sent || []).concat([clientId]).slice(-SENT_KEPT);
  }

  /* Messages the server will not take go back to the visitor, in their order, before
     whatever is being typed; the next conversation's form starts with them if need be. */
  function giveBack(entries) {
    var ids = entries.map(function (p) { return p.client_id; });
    state.pending = (state.pending || []).filter(function (p) { return ids.indexOf(p.client_id) < 0; });
    // Done with here as if sent: no other tab's queue brings them back.
    state.sent = (state.sent || []).concat(ids).slice(-SENT_KEPT);
    var texts = entries.map(function (p) { return p.body; });
    var area = body.querySelector("textarea[name=message]");
    var current = area ? area.value : (state.draft || "");
    if (current) { texts.push(current); }
    state.draft = texts.join("\n\n");
    if (area) { area.value = state.draft; }
    save();
    showPending();
    return area;
  }

  /* Written here, or left by a tab that did not send it (closed, or loaded before). */
  function mine(p) {
    return p.tab === TAB || !p.tab || Date.now() - (p.at || 0) > ORPHAN_MS;
  }

  function sendPending() {
    var pending = (state.pending || [])[0];
    if (sending || sendTimer || !pending || !state.token) { return; }
    if (Date.now() < waitUntil) { retrySend(waitUntil - Date.now()); return; }
    // Another tab's message goes first, sent by that tab: its "storage" event or, if
    // that tab is gone, this timer brings the turn of the next one.
    if (!mine(pending)) { retrySend(ORPHAN_MS - (Date.now() - (pending.at || 0)) + 100); return; }
    sending = true;
    var token = state.token;
    api("POST", config.api.messages, {body: pending.body, client_id: pending.client_id,
                                      page_url: pending.page_url,
                                      page_title: pending.page_title}).then(function (answer) {
      sending = false;
      if (state.token !== token) { return; }  // another conversation meanwhile
      if (answer.status === 201 || answer.status === 200) {
        confirmed(pending.client_id);
        save();
        addMessage(answer.data);
        showPending();
        say("");
        schedule(0);
        sendPending();
      } else if (answer.status === 409) {
        // Closed meanwhile: nothing more is taken; the texts wait for a new conversation.
        giveBack((state.pending || []).filter(mine));
        conversation = {state: "closed"};
        render();
      } else if (answer.status === 404) {
        forget(); render();
      } else if (answer.status === 429) {
        say(answer.data.detail || L.retry);
        waitUntil = Date.now() + 1000 * (answer.retryAfter || 5);
        retrySend(waitUntil - Date.now());
      } else if (answer.status >= 500) {
        say(L.retry); retrySend(3000);
      } else {
        // Refused for what it says (422): this one and those written after it here go back.
        var queue = (state.pending || []).filter(mine);
        var from = queue.map(function (p) { return p.client_id; }).indexOf(pending.client_id);
        var area = giveBack(from < 0 ? [pending] : queue.slice(from));
        say(answer.data.detail || L.error);
        if (area) { area.focus(); }
      }
    }).catch(function () { sending = false; say(L.retry); retrySend(3000); });
  }

  function start(fields, button) {
    button.disabled = true;
    say("");
    if (!state.startId) { state.startId = newId(); state.startToken = newToken(); }
    var payload = {message: fields.message, client_id: state.startId,
                   language: config.lang, name: fields.name || null,
                   email: fields.email || null, page_url: pageUrl(),
                   page_title: document.title.slice(0, 200)};
    if (state.startToken) { payload.token = state.startToken; }
    state.draft = fields.message;
    save();
    api("POST", config.api.conversations, payload).then(function (answer) {
      button.disabled = false;
      if (answer.status !== 201 && answer.status !== 200) {
        say(answer.data.detail || L.error);
        if (answer.data.field === "email" && !body.querySelector("[name=email]")) {
          // The office closed since the form was shown: the form for a message by e-mail.
          refreshStatus().then(function () {
            if (office) { office.online = false; }
            render();
            say(answer.data.detail || L.error);
            var email = body.querySelector("[name=email]");
            if (email) { email.focus(); }
          });
          return;
        }
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
      ["startId", "startToken", "draft"].forEach(function (k) { delete state[k]; });
      typed = {};
      body.textContent = "";  // the start form's text is sent: not a draft to keep
      historyLoaded = true;
      conversation = {state: answer.data.conversation.state};
      answer.data.messages.forEach(function (m) { addMessage(m); });
      state.cursor = answer.data.cursor;
      var first = answer.data.messages[0];
      if (answer.status === 200 && first && first.body !== fields.message.trim()) {
        // Started before with another text (edited after a lost answer): it follows.
        state.pending = (state.pending || []).concat([{body: fields.message, client_id: newId(),
          tab: TAB, at: Date.now(), page_url: pageUrl(), page_title: document.title.slice(0, 200)}]);
      }
      save();
      render();
      schedule(0);
      sendPending();
    }).catch(function () { button.disabled = false; say(L.error); });
  }

  /* The conversation another tab saved, shown here from its start. */
  function adopt(saved) {
    state.token = saved.token;
    state.offline = saved.offline;
    state.cursor = 0;
    state.pending = saved.pending || [];
    state.sent = saved.sent || [];
    ["startId", "startToken"].forEach(function (k) { delete state[k]; });
    conversation = null;
    shown = {};
    historyLoaded = false;
    log.textContent = "";
  }

  window.addEventListener("storage", function (event) {
    if (event.key !== KEY) { return; }
    var saved = load();
    var mineClosed = conversation && conversation.state === "closed";
    if (saved.token && saved.token !== state.token && !dropped[saved.token] &&
        (!state.token || mineClosed)) {
      adopt(saved);
      render();
      schedule(0);
      sendPending();
    } else if (!saved.token && state.token && mineClosed) {
      forget(true);  // a new conversation asked for in another tab
      render();
    } else if (saved.token && saved.token === state.token) {
      merge(saved);
      showPending();
      sendPending();
    }
  });

  /* Let the conversation go; its unsent texts become the next form's draft. ``quiet``:
     another tab did it already, nothing to save. */
  function forget(quiet) {
    if (state.pending && state.pending.length) { giveBack(state.pending); }
    if (state.token) { dropped[state.token] = true; }
    ["token", "cursor", "pending", "sent", "offline", "startId", "startToken"].forEach(function (k) {
      delete state[k];
    });
    if (!quiet) { save(); }
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

  /* The message's textarea, holding what the visitor wrote and has not sent yet. */
  function messageField(form) {
    var message = field(form, "message", L.message, "textarea", true);
    message.value = state.draft || "";
    message.addEventListener("input", function () { state.draft = message.value; });
    return message;
  }

  /* Before the panel's body is drawn again: what is typed in it. */
  function remember() {
    ["name", "email"].forEach(function (n) {
      var input = body.querySelector("[name=" + n + "]");
      if (input) { typed[n] = input.value; }
    });
    var area = body.querySelector("textarea[name=message]");
    if (area) { state.draft = area.value; }
  }

  function startForm() {
    var form = el("form", {"class": "lanta-chat-form", novalidate: "novalidate"});
    var offline = office && !office.online;
    var name = field(form, "name", L.name, "text", false);
    var email = offline ? field(form, "email", L.email, "email", true) : null;
    name.value = typed.name || "";
    if (email) { email.value = typed.email || ""; }
    var message = messageField(form);
    var send = el("button", {type: "submit", "class": "lanta-chat-send"}, L.send);
    form.appendChild(send);
    var asked = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      remember();
      var fields = {message: message.value, name: name.value, email: email && email.value};
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
    var message = messageField(form);
    var send = el("button", {type: "submit", "class": "lanta-chat-send"}, L.send);
    form.appendChild(send);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!message.value.trim()) { say(L.message); message.focus(); return; }
      state.pending = (state.pending || []).concat([{body: message.value, client_id: newId(),
        tab: TAB, at: Date.now(), page_url: pageUrl(), page_title: document.title.slice(0, 200)}]);
      delete state.draft;
      save();
      message.value = "";
      showPending();
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

  function showStatus() {
    var online = office ? office.online : (conversation && conversation.online);
    statusLine.textContent = online ? L.online : (office || conversation ? L.offline : "");
    if (!online && office && office.opens_at) {
      var when = new Date(office.opens_at).toLocaleString(config.lang, {
        weekday: "long", hour: "2-digit", minute: "2-digit", timeZone: "Europe/Paris"});
      statusLine.textContent += " " + text(L.opens_at, {when: when});
    }
    statusLine.className = "lanta-chat-status " + (online ? "is-online" : "is-offline");
  }

  function render() {
    remember();
    body.textContent = "";
    showStatus();
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
    showPending();
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
