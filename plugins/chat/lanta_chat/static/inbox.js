/* The chat inbox's staff pages: poll for news every few seconds, append new messages,
   keep the lists' counts fresh, tell the server the member is here, and notify in the
   browser tab. Every form also works without this script (it posts and redirects back).
   Text from visitors is only ever put in the page with textContent. */
(function () {
  "use strict";

  var root = document.getElementById("chat-inbox");
  if (!root || !window.fetch) { return; }

  var POLL_MS = 2500;
  var PRESENCE_MS = 20000;
  var page = root.getAttribute("data-chat-page");
  var pollUrl = root.getAttribute("data-chat-poll");
  var presenceUrl = root.getAttribute("data-chat-presence");
  var csrf = root.getAttribute("data-chat-csrf");
  var baseTitle = document.title;
  var unseen = 0;
  var known = null;  // list page: conversation id -> last_seq seen by this page
  var busy = false;

  function setTitle(count) {
    document.title = count > 0 ? "(" + count + ") " + baseTitle : baseTitle;
  }

  function notify(text) {
    if (window.Notification && Notification.permission === "granted" && document.hidden) {
      try { new Notification(text); } catch (e) { /* some browsers need a service worker */ }
    }
  }

  function getJSON(url) {
    return fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; });
  }

  function post(url, data) {
    return fetch(url, {method: "POST", credentials: "same-origin", body: data,
                       headers: {"X-CSRF-Token": csrf, "Accept": "application/json"}});
  }

  /* --- the conversation page ---------------------------------------------------------- */

  function messageItem(m) {
    var li = document.createElement("li");
    li.id = "m-" + m.seq;
    li.className = "chat-msg chat-msg--" + m.kind;
    li.setAttribute("data-seq", m.seq);
    var meta = document.createElement("p");
    meta.className = "chat-msg__meta";
    var kind = document.createElement("span");
    kind.className = "chat-msg__kind";
    kind.textContent = m.kind_label;
    meta.appendChild(kind);
    if (m.author && m.kind !== "event") {
      meta.appendChild(document.createTextNode(" · " + m.author));
    }
    var time = document.createElement("time");
    time.setAttribute("datetime", m.at_iso);
    time.textContent = m.at;
    meta.appendChild(document.createTextNode(" · "));
    meta.appendChild(time);
    var body = document.createElement("p");
    body.className = "chat-msg__body";
    body.textContent = m.body;
    li.appendChild(meta);
    li.appendChild(body);
    if (m.failed) {
      var failed = document.createElement("p");
      failed.className = "chat-msg__failed";
      failed.textContent = m.failed;
      li.appendChild(failed);
    }
    return li;
  }

  function appendMessages(data) {
    var list = document.getElementById("chat-messages");
    var cursor = parseInt(root.getAttribute("data-chat-cursor"), 10) || 0;
    var visitorNews = 0;
    data.messages.forEach(function (m) {
      if (m.seq <= cursor || document.getElementById("m-" + m.seq)) { return; }
      list.appendChild(messageItem(m));
      if (m.kind === "visitor") { visitorNews += 1; }
    });
    root.setAttribute("data-chat-cursor", Math.max(cursor, data.cursor));
    if (data.state !== root.getAttribute("data-chat-state")) {
      // Taken, passed on or closed elsewhere: the forms change, so show the page anew
      // unless the member is typing.
      var typing = document.activeElement && document.activeElement.tagName === "TEXTAREA"
        && document.activeElement.value;
      if (!typing) { window.location.reload(); }
    }
    if (visitorNews) {
      if (document.hidden) { unseen += visitorNews; setTitle(unseen); }
      notify(list.lastChild.querySelector(".chat-msg__body").textContent);
    }
  }

  function pollConversation() {
    var cursor = root.getAttribute("data-chat-cursor") || "0";
    var sep = pollUrl.indexOf("?") < 0 ? "?" : "&";
    return getJSON(pollUrl + sep + "after=" + encodeURIComponent(cursor)).then(function (data) {
      if (data) { appendMessages(data); }
    });
  }

  function newClientId() {
    return "js-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
  }

  function wireSendForms() {
    var forms = root.querySelectorAll("form[data-chat-send]");
    Array.prototype.forEach.call(forms, function (form) {
      var useClicked = false;  // for browsers without event.submitter
      var use = form.querySelector('[name="use"]');
      if (use) { use.addEventListener("click", function () { useClicked = true; }); }
      form.addEventListener("submit", function (event) {
        var submitter = event.submitter;
        if ((submitter && submitter.name === "use") || (!submitter && useClicked)) {
          return;  // the server puts the answer in the box
        }
        event.preventDefault();
        var textarea = form.querySelector("textarea");
        var error = form.querySelector(".error[data-chat-js-error]");
        var data = new FormData(form);
        post(form.action, data).then(function (r) {
          return r.json().then(function (body) { return {ok: r.ok, body: body}; });
        }).then(function (answer) {
          if (!error) {
            error = document.createElement("span");
            error.className = "error";
            error.setAttribute("role", "alert");
            error.setAttribute("data-chat-js-error", "");
            textarea.parentNode.appendChild(error);
          }
          if (answer.ok) {
            error.textContent = "";
            textarea.value = "";
            form.querySelector("[data-chat-client-id]").value = newClientId();
            return pollConversation();
          }
          error.textContent = answer.body.detail || "";
        }).catch(function () { form.submit(); });
      });
    });
    // Choosing a saved answer fills the reply box at once (the button does it without JS).
    var select = root.querySelector("[data-chat-answers]");
    if (select) {
      select.addEventListener("change", function () {
        var option = select.options[select.selectedIndex];
        var body = option && option.getAttribute("data-body");
        var textarea = document.getElementById("chat-reply-body");
        if (body && textarea) {
          textarea.value = textarea.value.trim() ? textarea.value.replace(/\s+$/, "") +
            "\n\n" + body : body;
          textarea.focus();
        }
      });
    }
  }

  /* --- the list page ------------------------------------------------------------------ */

  function updateCounts(data) {
    ["waiting", "open", "mine", "unread"].forEach(function (name) {
      var el = root.querySelector('[data-chat-count="' + name + '"]');
      if (el && el.textContent !== String(data[name])) { el.textContent = data[name]; }
    });
    setTitle(data.unread);
    var fresh = {};
    var changed = known === null;
    data.conversations.forEach(function (c) {
      fresh[c.id] = c.last_seq;
      if (known !== null && known[c.id] !== c.last_seq) { changed = true; }
      if (known !== null && c.unread && (known[c.id] || 0) < c.last_seq) {
        notify(c.name);
      }
    });
    if (known !== null && Object.keys(known).length !== Object.keys(fresh).length) {
      changed = true;
    }
    if (changed && known !== null) { redrawLists(data.conversations); }
    known = fresh;
  }

  function row(c) {
    var li = document.createElement("li");
    li.className = "chat-row" + (c.unread ? " chat-row--unread" : "");
    li.setAttribute("data-conversation", c.id);
    var head = document.createElement("p");
    head.className = "chat-row__head";
    var a = document.createElement("a");
    a.href = c.url;
    a.className = "chat-row__name";
    a.textContent = c.name;
    head.appendChild(a);
    if (c.unread) {
      var marker = document.createElement("strong");
      marker.className = "chat-new";
      marker.textContent = root.getAttribute("data-chat-new-label") || "new";
      head.appendChild(document.createTextNode(" "));
      head.appendChild(marker);
    }
    var meta = document.createElement("p");
    meta.className = "chat-row__meta";
    meta.textContent = [c.channel, c.language, c.page_title, c.last_message, c.assignee]
      .filter(function (x) { return x; }).join(" · ");
    li.appendChild(head);
    li.appendChild(meta);
    return li;
  }

  function redrawLists(conversations) {
    var mineOnly = root.getAttribute("data-chat-mine") === "1";
    ["waiting", "open"].forEach(function (state) {
      var list = root.querySelector('[data-chat-list="' + state + '"]');
      var empty = root.querySelector('[data-chat-empty="' + state + '"]');
      if (!list) { return; }
      var shown = conversations.filter(function (c) {
        return c.state === state && (state !== "open" || !mineOnly || c.mine);
      });
      while (list.firstChild) { list.removeChild(list.firstChild); }
      shown.forEach(function (c) { list.appendChild(row(c)); });
      if (empty) { empty.hidden = shown.length > 0; }
    });
  }

  /* --- presence and notifications ----------------------------------------------------- */

  function heartbeat() {
    if (!presenceUrl) { return; }
    // No "away" field: the server keeps the member's own switch as it is.
    post(presenceUrl, new FormData()).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (data) {
      if (data) { root.setAttribute("data-chat-away", data.away ? "1" : "0"); }
    }).catch(function () { /* the next beat tries again */ });
  }

  function wireAwayForm() {
    var form = root.querySelector("[data-chat-away-form]");
    if (!form) { return; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      post(form.action, new FormData(form)).then(function (r) {
        return r.ok ? r.json() : null;
      }).then(function (data) {
        if (!data) { form.submit(); return; }
        window.location.reload();  // the switch's wording comes from the server
      }).catch(function () { form.submit(); });
    });
  }

  function wireNotifications() {
    var button = root.querySelector("[data-chat-notify]");
    if (!button || !window.Notification || Notification.permission === "granted") { return; }
    if (Notification.permission === "denied") { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      Notification.requestPermission().then(function (answer) {
        if (answer === "granted") { button.hidden = true; }
      });
    });
  }

  function tick() {
    if (busy) { return; }
    busy = true;
    var done = function () { busy = false; };
    var work = page === "conversation" ? pollConversation() :
      getJSON(pollUrl).then(function (data) { if (data) { updateCounts(data); } });
    work.then(done, done);
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && page === "conversation") { unseen = 0; setTitle(0); }
  });

  if (page === "conversation") { wireSendForms(); }
  wireAwayForm();
  wireNotifications();
  tick();
  window.setInterval(tick, POLL_MS);
  heartbeat();
  window.setInterval(heartbeat, PRESENCE_MS);
})();
