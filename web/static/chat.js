// The chat page: sends what the physician types to the web app, which relays it to Rasa.
// No dialogue logic lives here: the page shows messages and buttons, keeps one message in
// flight at a time, and remembers the referring physician's details in this browser.
(function () {
  "use strict";
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const send = document.getElementById("send");
  const status = document.getElementById("status");
  const counter = document.getElementById("counter");
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const MAX = parseInt(input.dataset.max, 10);
  const STORE = "prescreen.referrer";  // localStorage key of the referrer's details
  let pending = false;  // one message in flight at a time, whatever key or button sent it

  // ---- the conversation ------------------------------------------------------------------

  // Only the current question's buttons are live: earlier ones are disabled, which also takes
  // them out of the tab order, so Shift+Tab from the text box reaches the current answers first.
  function retireChoices() {
    log.querySelectorAll(".choices button").forEach(function (b) { b.disabled = true; });
  }

  // The newest message stays in view inside the log, which is its own scrolling box above the
  // pinned text box: nothing covers it (WCAG 2.2 SC 2.4.11). A message taller than the box is
  // shown from its start.
  function reveal(item) {
    const room = log.clientHeight;
    if (item.offsetHeight > room) log.scrollTop += item.getBoundingClientRect().top - log.getBoundingClientRect().top;
    else log.scrollTop = log.scrollHeight;
  }

  function add(from, text, buttons) {
    const item = document.createElement("li");
    item.className = "msg " + from;
    const who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = from === "bot" ? "Assistant: " : from === "user" ? "You: " : "";
    const body = document.createElement("div");
    body.className = "text";
    body.textContent = text;  // textContent, never innerHTML: messages are shown as typed
    item.append(who, body);
    if (buttons && buttons.length) {
      const row = document.createElement("div");
      row.className = "choices";
      buttons.forEach(function (b) {
        const btn = document.createElement("button");
        btn.type = "button";
        btn.textContent = b.title;
        btn.addEventListener("click", function () {
          if (pending || btn.disabled) return;
          say(b.payload, b.title);
        });
        row.append(btn);
      });
      item.append(row);
    }
    log.append(item);
    reveal(item);
    return item;
  }

  function showAll(messages) {
    messages.forEach(function (m) { add(m.from || "bot", m.text, m.buttons); });
    settleChoices();
  }

  // Live: the buttons of the messages after the physician's last one (the question now asked).
  // A reload's history may end on a question already answered: its buttons stay retired.
  function settleChoices() {
    const items = Array.from(log.children);
    let lastUser = -1;
    items.forEach(function (el, i) { if (el.classList.contains("user")) lastUser = i; });
    items.forEach(function (el, i) {
      el.querySelectorAll(".choices button").forEach(function (b) { b.disabled = pending || i < lastUser; });
    });
  }

  async function post(url, payload) {
    const r = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(payload || {}),
      credentials: "same-origin",
    });
    // Every sentence the page shows comes from the catalogue, through the page's data attributes.
    const data = await r.json().catch(function () { return { error: log.dataset.unavailable }; });
    if (!r.ok) { const e = new Error(data.error || log.dataset.unavailable); e.data = data; throw e; }
    return data;
  }

  function busy(on) {
    pending = on;
    send.disabled = on || input.value.length > MAX;
    log.setAttribute("aria-busy", on ? "true" : "false");
    status.textContent = on ? log.dataset.answering : "";
    if (on) retireChoices(); else settleChoices();
  }

  async function say(text, shown) {
    if (pending) return;
    add("user", shown || text);
    busy(true);
    try {
      const data = await post("/chat/message", { message: text, referrer: referrer() });
      if (data.new_conversation) {
        // "New patient": the web app has started a new conversation; the previous patient's
        // messages leave the screen as they left the conversation.
        log.replaceChildren();
        add("user", shown || text);
      }
      showAll(data.messages);
    } catch (e) {
      add("error", e.message);
      if (!input.value) input.value = text;  // nothing typed is lost
    } finally {
      busy(false);
      count();
      input.focus();
    }
  }

  // ---- the text box: how long, and one message at a time ---------------------------------

  function fmt(n) { return n.toLocaleString("en-US"); }

  function count() {
    const n = input.value.length;
    const over = n > MAX;
    // The counter appears once a message is long (a pasted letter), and says so before sending.
    counter.textContent = over ? input.dataset.tooLong.replace("{n}", fmt(n)).replace("{max}", fmt(MAX))
      : n > MAX * 0.5 ? input.dataset.chars.replace("{n}", fmt(n)).replace("{max}", fmt(MAX)) : "";
    counter.classList.toggle("over", over);
    input.setAttribute("aria-invalid", over ? "true" : "false");
    send.disabled = pending || over;
  }

  input.addEventListener("input", count);
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (pending) { status.textContent = log.dataset.wait; return; }
    const text = input.value.trim();
    if (!text) return;
    if (text.length > MAX) { count(); counter.focus(); return; }  // said above the box; nothing sent
    input.value = "";
    count();
    say(text);
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();  // Enter never sends a second message while one is pending
      if (!pending) form.requestSubmit();
    }
  });
  document.getElementById("new-screening").addEventListener("click", async function () {
    if (pending) return;
    log.replaceChildren();
    busy(true);
    // The details go along so a referral left before its patient reference is still stored.
    try { showAll((await post("/chat/new", { referrer: referrer() })).messages); } catch (e) { add("error", e.message); }
    finally { busy(false); input.focus(); }
  });

  // ---- who the physician is: asked once, kept in this browser -----------------------------

  const box = document.getElementById("referrer-box");
  const shownLine = document.getElementById("referrer-shown");
  const shownText = document.getElementById("referrer-text");
  const rform = document.getElementById("referrer-form");
  const FIELDS = ["referrer_name", "referrer_department", "referrer_contact"];

  function referrer() {
    try { return JSON.parse(localStorage.getItem(STORE) || "null"); } catch (e) { return null; }
  }

  function showReferrer() {
    const r = referrer();
    FIELDS.forEach(function (f) {
      document.getElementById(f).value = r && r[f] !== "(not given)" ? r[f] : "";
      document.getElementById(f + "-error").textContent = "";
    });
    if (!r) { shownLine.hidden = true; box.hidden = false; return; }
    shownText.textContent = r.referrer_name === "(not given)" ? log.dataset.declined
      : [r.referrer_name, r.referrer_department, r.referrer_contact].join(" · ");
    shownLine.hidden = false;
    box.hidden = true;
    box.open = false;
  }

  async function keep(payload) {
    try {
      const data = await post("/chat/referrer", payload);
      localStorage.setItem(STORE, JSON.stringify(data.referrer));
      showReferrer();
      input.focus();
    } catch (e) {
      const errors = (e.data && e.data.errors) || {};
      let first = null;
      FIELDS.forEach(function (f) {
        const el = document.getElementById(f);
        document.getElementById(f + "-error").textContent = errors[f] || "";
        el.setAttribute("aria-invalid", errors[f] ? "true" : "false");
        if (errors[f] && !first) first = el;
      });
      if (first) first.focus();
      else add("error", e.message);
    }
  }

  rform.addEventListener("submit", function (ev) {
    ev.preventDefault();
    const payload = {};
    FIELDS.forEach(function (f) { payload[f] = document.getElementById(f).value; });
    keep(payload);
  });
  document.getElementById("referrer-decline").addEventListener("click", function () { keep({ declined: true }); });
  document.getElementById("referrer-edit").addEventListener("click", function () {
    shownLine.hidden = true; box.hidden = false; box.open = true;
    document.getElementById("referrer_name").focus();
  });
  document.getElementById("referrer-forget").addEventListener("click", function () {
    localStorage.removeItem(STORE);
    showReferrer();
    box.open = true;
    document.getElementById("referrer_name").focus();
  });
  showReferrer();
  if (!referrer()) box.open = window.matchMedia("(min-width: 40rem)").matches;  // on a phone, one tap away

  // ---- start: this session's conversation so far, or a greeting ---------------------------

  (async function start() {
    busy(true);
    try {
      const r = await fetch("/chat/history", { credentials: "same-origin" });
      const data = await r.json();
      if (data.messages && data.messages.length) showAll(data.messages);
      else showAll((await post("/chat/new")).messages);
    } catch (e) {
      add("error", log.dataset.unavailable);
    } finally { busy(false); input.focus(); }
  })();
})();
