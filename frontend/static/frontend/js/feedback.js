// Thumbs up / down under each of EVE's replies, with an optional short comment after a
// thumbs-down. It watches the chat log for replies that carry data-request-id (chat.js sets
// it), so the widget itself knows nothing about feedback.

import { friendlyMessage, requestJson } from "./api.js";

const REPLY = ".msg-eve[data-request-id]";
const COMMENT_MAX = 500;

function button(className, label, text) {
  const node = document.createElement("button");
  node.type = "button";
  node.className = `feedback-vote ${className}`;
  node.setAttribute("aria-label", label);
  node.setAttribute("aria-pressed", "false");
  node.title = label;
  node.textContent = text;
  return node;
}

export class ReplyFeedback {
  constructor(log) {
    this.log = log;
    for (const reply of log.querySelectorAll(REPLY)) this.attach(reply);
    new MutationObserver((changes) => this.scan(changes)).observe(log, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["data-request-id"],
    });
  }

  scan(changes) {
    for (const change of changes) {
      const nodes = change.type === "attributes" ? [change.target] : [...change.addedNodes];
      for (const node of nodes) {
        if (!(node instanceof Element)) continue;
        if (node.matches(REPLY)) this.attach(node);
        for (const reply of node.querySelectorAll(REPLY)) this.attach(reply);
      }
    }
  }

  attach(reply) {
    if (reply.querySelector(":scope > .msg-feedback") || !reply.dataset.requestId) return;
    const box = document.createElement("div");
    box.className = "msg-feedback";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Was this answer helpful?");
    const up = button("feedback-up", "Helpful", "👍");
    const down = button("feedback-down", "Not helpful", "👎");
    const status = document.createElement("span");
    status.className = "feedback-status";
    status.setAttribute("aria-live", "polite");
    const form = this.commentForm(reply, status);
    up.addEventListener("click", () => this.vote(reply, { helpful: true, up, down, form, status }));
    down.addEventListener("click", () => this.vote(reply, { helpful: false, up, down, form, status }));
    box.append(up, down, status, form);
    reply.append(box);
  }

  commentForm(reply, status) {
    const form = document.createElement("form");
    form.className = "feedback-comment";
    form.hidden = true;
    const label = document.createElement("label");
    label.textContent = "What was missing? (optional)";
    const input = document.createElement("textarea");
    input.rows = 2;
    input.maxLength = COMMENT_MAX;
    label.append(input);
    const send = document.createElement("button");
    send.type = "submit";
    send.textContent = "Send";
    form.append(label, send);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const comment = input.value.trim().slice(0, COMMENT_MAX);
      if (!comment) return;
      if (await this.send(reply, { helpful: false, comment }, status)) {
        form.hidden = true;
        status.textContent = "Thanks, that helps improve EVE.";
      }
    });
    return form;
  }

  async vote(reply, { helpful, up, down, form, status }) {
    if (!(await this.send(reply, { helpful }, status))) return;
    up.setAttribute("aria-pressed", String(helpful));
    down.setAttribute("aria-pressed", String(!helpful));
    form.hidden = helpful;
    status.textContent = helpful ? "Thanks!" : "Sorry about that.";
    if (!helpful) form.querySelector("textarea").focus();
  }

  async send(reply, body, status) {
    try {
      await requestJson("/api/chat/feedback/", {
        method: "POST",
        body: { request_id: reply.dataset.requestId, ...body },
      });
      return true;
    } catch (failure) {
      status.textContent = friendlyMessage(failure, "feedback");
      return false;
    }
  }
}
