// The EVE chat widget: progressive enhancement of the server-rendered panel.

import { friendlyMessage, requestJson } from "./api.js";
import { renderMarkdown } from "./markdown.js";
import { foldChips, renderChips } from "./chips.js";
import { sourcesLine } from "./sources.js";

const OPEN_KEY = "cfx-eve-open";

function sessionId() {
  try {
    let id = sessionStorage.getItem("cfx-eve-session");
    if (!id) {
      id = crypto.randomUUID();
      sessionStorage.setItem("cfx-eve-session", id);
    }
    return id;
  } catch {
    return "";
  }
}

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
    this.maxChars = Number.parseInt(root.dataset.maxChars, 10) || 1000;
    this.busy = false;
    this.chipsLoaded = false;
    this.chipsShown = Number.parseInt(root.dataset.chipsShown, 10) || 3;
    foldChips(this.chips, this.chipsShown);

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
    this.updateCount();
    if (remembered()) this.open({ focus: false });
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

  addMessage(kind, content) {
    const message = document.createElement("div");
    message.className = `msg msg-${kind}`;
    const body = document.createElement("div");
    body.className = "msg-body";
    if (content instanceof Node) body.append(content);
    else body.textContent = content;
    message.append(body);
    this.log.append(message);
    this.log.scrollTop = this.log.scrollHeight;
    return message;
  }

  addReply(data) {
    const message = this.addMessage("eve", renderMarkdown(data.response));
    message.dataset.source = String(data.source || "");
    if (data.request_id && !data.blocked) message.dataset.requestId = String(data.request_id); // feedback.js
    const citations = Array.isArray(data.citations) ? data.citations : [];
    const body = message.querySelector(".msg-body");
    const sources = citations.length ? sourcesLine(citations, body, { viewer: this.viewer }) : null;
    if (sources) {
      body.append(sources);
      this.log.scrollTop = this.log.scrollHeight; // the line made the reply taller
    }
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
    try {
      const data = await requestJson("/api/chat/", { method: "POST", body: { message, session_id: sessionId() } });
      this.addReply(data);
    } catch (failure) {
      const node = this.addMessage("error", friendlyMessage(failure, "chat"));
      node.dataset.failure = failure.kind || "client";
    } finally {
      this.setBusy(false);
      this.input.focus();
    }
  }
}
