// The chat page: sends what the physician types to the web app, which relays it to Rasa.
// No dialogue logic lives here: the page only shows messages and buttons.
(function () {
  "use strict";
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const send = document.getElementById("send");
  const status = document.getElementById("status");
  const csrf = document.querySelector('meta[name="csrf-token"]').content;

  function add(from, text, buttons) {
    const item = document.createElement("li");
    item.className = "msg " + from;
    const who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = from === "bot" ? "Assistant: " : "You: ";
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
        btn.addEventListener("click", function () { say(b.payload, b.title); });
        row.append(btn);
      });
      item.append(row);
    }
    log.append(item);
    item.scrollIntoView({ block: "end" });
  }

  function showAll(messages) {
    messages.forEach(function (m) { add(m.from || "bot", m.text, m.buttons); });
  }

  async function post(url, payload) {
    const r = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(payload || {}),
      credentials: "same-origin",
    });
    const data = await r.json().catch(function () { return { error: "Unexpected answer from the server." }; });
    if (!r.ok) throw new Error(data.error || "Request failed.");
    return data;
  }

  function busy(on) {
    send.disabled = on;
    status.textContent = on ? (log.dataset.answering || "The assistant is answering…") : "";
  }

  async function say(text, shown) {
    add("user", shown || text);
    busy(true);
    try {
      showAll((await post("/chat/message", { message: text })).messages);
    } catch (e) {
      add("error", e.message);
      input.value = input.value || text;  // nothing typed is lost
    } finally {
      busy(false);
      input.focus();
    }
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    say(text);
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); form.requestSubmit(); }
  });
  document.getElementById("new-screening").addEventListener("click", async function () {
    log.replaceChildren();
    busy(true);
    try { showAll((await post("/chat/new")).messages); } catch (e) { add("error", e.message); }
    finally { busy(false); input.focus(); }
  });

  (async function start() {
    busy(true);
    try {
      const r = await fetch("/chat/history", { credentials: "same-origin" });
      const data = await r.json();
      if (data.messages && data.messages.length) showAll(data.messages);
      else showAll((await post("/chat/new")).messages);
    } catch (e) {
      add("error", "The assistant is not answering right now. Please try again in a moment.");
    } finally { busy(false); input.focus(); }
  })();
})();
