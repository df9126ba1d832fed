// The EVE chat widget: progressive enhancement of the server-rendered panel.
//
// A conversation lives in the server's log under the conversation_id each reply
// carries; this tab keeps that id and the visible thread in sessionStorage, so
// the thread survives page navigation and reloads (and a new tab starts afresh).
//
// renderReply() is the one place a reply element is filled in; it then emits
// "eve:reply" (detail: element, data, requestId, conversationId, restored) on the
// widget's root for other features to hook into.

import { friendlyMessage, requestChat, requestJson } from "./api.js";
import { renderMarkdown } from "./markdown.js";
import { foldChips, renderChips } from "./chips.js";
import { sourcesLine } from "./sources.js";

const OPEN_KEY = "cfx-eve-open";
const THREAD_KEY = "cfx-eve-conversation";
const KEPT_TURNS = 30; // enough to scroll back through; older ones drop off the tab's copy

function remember(open) {
  try {
    sessionStorage.setItem(OPEN_KEY, open ? "1" : "0");
  } catch {
    /* storage disabled: the widget simply starts closed */
  }
}

function remembered() {
  try {
    return sessionStorage.getItem(OPEN_KEY) === "1";
  } catch {
    return false;
  }
}

// The conversation this tab is in: { id: "<conversation_id>", turns: [{ question, reply }] }.
function loadThread() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(THREAD_KEY) || "null");
    if (stored && typeof stored.id === "string" && Array.isArray(stored.turns)) return stored;
  } catch {
    /* unreadable or disabled: start afresh */
  }
  return { id: "", turns: [] };
}

function saveThread(thread) {
  try {
    sessionStorage.setItem(THREAD_KEY, JSON.stringify({ id: thread.id, turns: thread.turns.slice(-KEPT_TURNS) }));
  } catch {
    /* storage full or disabled: the thread lasts as long as the page */
  }
}

export class EveWidget {
  constructor(root, { viewer } = {}) {
    this.root = root;
    this.viewer = viewer;
    this.launcher = root.querySelector("#eve-launcher");
    this.panel = root.querySelector("#eve-panel");
    this.log = root.querySelector("#eve-log");
    this.chips = root.querySelector("#eve-chips");
    this.thinking = root.querySelector("#eve-thinking");
    this.form = root.querySelector("#eve-form");
    this.input = root.querySelector("#eve-input");
    this.count = root.querySelector("#eve-count");
    this.send = root.querySelector(".eve-send");
    this.announcer = root.querySelector("#eve-announce");
    this.newButton = root.querySelector("#eve-new");
    this.maxChars = Number.parseInt(root.dataset.maxChars, 10) || 1000;
    this.busy = false;
    this.chipsLoaded = false;
    this.chipsShown = Number.parseInt(root.dataset.chipsShown, 10) || 3;
    foldChips(this.chips, this.chipsShown);
    this.thread = loadThread();

    this.input.maxLength = this.maxChars;
    this.launcher.hidden = false;
    this.launcher.addEventListener("click", () => (this.isOpen() ? this.close() : this.open()));
    root.querySelector("#eve-close").addEventListener("click", () => this.close());
    this.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.close();
    });
    this.chips.addEventListener("click", (event) => {
      const chip = event.target.closest("[data-question]");
      if (chip) this.ask(chip.dataset.question);
    });
    this.input.addEventListener("input", () => this.updateCount());
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.form.requestSubmit();
      }
    });
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.ask(this.input.value);
    });
    if (this.newButton) {
      this.newButton.hidden = false;
      this.newButton.addEventListener("click", () => this.startOver());
    }
    this.updateCount();
    this.restoreThread();
    if (remembered()) this.open({ focus: false });
  }

  // Show the tab's thread again after a navigation or reload (no announcement).
  restoreThread() {
    for (const turn of this.thread.turns) {
      if (!turn || typeof turn.question !== "string" || !turn.reply) continue;
      this.addMessage("user", turn.question, { scroll: false });
      this.renderReply(turn.reply, { restored: true });
    }
    this.log.scrollTop = this.log.scrollHeight;
  }

  startOver() {
    if (this.busy) return;
    this.thread = { id: "", turns: [] };
    saveThread(this.thread);
    for (const message of this.log.querySelectorAll(".msg:not(.msg-welcome)")) message.remove();
    this.announce("New conversation started.");
    this.input.focus();
  }

  announce(text) {
    // The log itself is not live (it would read every streamed word); this region
    // gets each complete reply once.
    if (!this.announcer) return;
    this.announcer.textContent = "";
    window.setTimeout(() => {
      this.announcer.textContent = text;
    }, 50);
  }

  isOpen() {
    return !this.panel.hidden;
  }

  open({ focus = true } = {}) {
    this.panel.hidden = false;
    this.root.classList.add("is-open");
    this.launcher.setAttribute("aria-expanded", "true");
    remember(true);
    this.loadChips();
    if (focus) this.input.focus();
  }

  close() {
    this.panel.hidden = true;
    this.root.classList.remove("is-open");
    this.launcher.setAttribute("aria-expanded", "false");
    remember(false);
    this.launcher.focus();
  }

  updateCount() {
    const used = this.input.value.length;
    this.count.textContent = `${used} / ${this.maxChars}`;
    this.count.classList.toggle("is-near", used > this.maxChars * 0.9);
  }

  async loadChips() {
    if (this.chipsLoaded) return;
    this.chipsLoaded = true;
    try {
      const data = await requestJson("/api/suggested-questions/");
      const items = Array.isArray(data) ? data : data.results || [];
      const questions = items.map((item) => item.question).filter(Boolean);
      if (!questions.length) return;
      renderChips(this.chips, questions, this.chipsShown);
    } catch {
      /* keep the chips the page was rendered with */
    }
  }

  addMessage(kind, content, { scroll = true } = {}) {
    const message = document.createElement("div");
    message.className = `msg msg-${kind}`;
    const body = document.createElement("div");
    body.className = "msg-body";
    if (content instanceof Node) body.append(content);
    else body.textContent = content;
    message.append(body);
    this.log.append(message);
    if (scroll) this.log.scrollTop = this.log.scrollHeight;
    return message;
  }

  // Bring the start of a new reply into view (not its end: the visitor reads from the top).
  scrollToStart(message) {
    const offset = message.getBoundingClientRect().top - this.log.getBoundingClientRect().top;
    this.log.scrollTop += offset - 8;
  }

  // A reply still being written: its text re-rendered (safely) as each piece arrives.
  growReply(message, text) {
    message.querySelector(".msg-body").replaceChildren(renderMarkdown(text));
  }

  // The one function that renders a complete reply: into `element` (a streamed
  // reply being finished) or a new one. Emits "eve:reply" on the widget's root.
  renderReply(data, { element = null, restored = false } = {}) {
    const message = element || this.addMessage("eve", "", { scroll: false });
    const body = message.querySelector(".msg-body");
    body.replaceChildren(renderMarkdown(data.response));
    message.dataset.source = String(data.source || "");
    message.dataset.state = "done";
    // feedback.js adds thumbs to replies carrying it (a guard nudge is not rated).
    if (data.request_id && !data.blocked) message.dataset.requestId = String(data.request_id);
    message.removeAttribute("aria-busy");
    const citations = Array.isArray(data.citations) ? data.citations : [];
    const sources = citations.length ? sourcesLine(citations, body, { viewer: this.viewer }) : null;
    if (sources) body.append(sources);
    this.root.dispatchEvent(
      new CustomEvent("eve:reply", {
        bubbles: true,
        detail: {
          element: message,
          data,
          requestId: String(data.request_id || ""),
          conversationId: String(data.conversation_id || ""),
          restored,
        },
      }),
    );
    return message;
  }

  setBusy(busy) {
    this.busy = busy;
    this.thinking.hidden = !busy;
    this.send.disabled = busy;
    this.log.setAttribute("aria-busy", String(busy));
  }

  async ask(raw) {
    const message = String(raw || "").trim().slice(0, this.maxChars);
    if (!message || this.busy) return;
    if (!this.isOpen()) this.open({ focus: false });
    this.addMessage("user", message);
    this.input.value = "";
    this.updateCount();
    this.setBusy(true);
    let streaming = null;
    let text = "";
    try {
      const payload = { message };
      if (this.thread.id) payload.conversation_id = this.thread.id;
      const data = await requestChat("/api/chat/", payload, {
        onDelta: (piece) => {
          text += piece;
          if (!streaming) {
            streaming = this.addMessage("eve", "", { scroll: false });
            streaming.dataset.state = "streaming";
            streaming.setAttribute("aria-busy", "true");
            this.thinking.hidden = true;
          }
          this.growReply(streaming, text);
          // Follow the text only until the reply's first line reaches the top.
          this.scrollToStart(streaming);
        },
      });
      const reply = this.renderReply(data, { element: streaming });
      this.scrollToStart(reply);
      this.remember(message, data);
      this.announce(`EVE: ${reply.querySelector(".msg-body").textContent}`);
    } catch (failure) {
      if (streaming) streaming.remove();
      const node = this.addMessage("error", friendlyMessage(failure, "chat"));
      node.dataset.failure = failure.kind || "client";
      this.announce(node.textContent);
    } finally {
      this.setBusy(false);
      this.input.focus();
    }
  }

  remember(question, data) {
    const id = typeof data.conversation_id === "string" ? data.conversation_id : "";
    if (id && id !== this.thread.id) {
      // A new id means the server started a new conversation (first message, or an
      // id it no longer honours): the tab's thread restarts from here.
      this.thread = { id, turns: this.thread.id ? [] : this.thread.turns };
    }
    const { response, source, blocked, citations, request_id, conversation_id } = data;
    const reply = { response, source, blocked, citations, request_id, conversation_id };
    this.thread.turns.push({ question, reply });
    saveThread(this.thread);
  }
}
