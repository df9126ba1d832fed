// Safe Markdown for EVE's replies. Text is never parsed as HTML: every piece of
// the reply becomes a text node, and only this allowlist becomes elements:
// paragraphs, lists, strong, em, code and links to http(s)/mailto targets or
// to paths on the site ("/projects/x/"; on the API's origin when that is elsewhere).

import { apiBase } from "./api.js";

// A link may sit inside emphasis ("**[Docs](/docs/)**"), so emphasis content
// accepts whole links as well as characters other than its own delimiter.
const LINK = String.raw`\[[^\]\n]+\]\([^)\s]+\)`;
const INLINE = new RegExp(
  [
    "`([^`\\n]+)`",
    String.raw`\[([^\]\n]+)\]\(([^)\s]+)\)`,
    String.raw`\*\*((?:${LINK}|[^*\n])+?)\*\*`,
    String.raw`(?<![\w_])__((?:${LINK}|[^_\n])+?)__(?![\w_])`, // not inside names like a__b__c
    String.raw`(?<![\w*])\*((?:${LINK}|[^*\n])+?)\*(?![\w*])`,
    String.raw`(?<![\w_])_((?:${LINK}|[^_\n])+?)_(?![\w_])`,
  ].join("|"),
  "g",
);
const BULLET = /^\s*(?:[-*+]|\d+[.)])\s+/;
const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

// A path on the site: one leading slash. "//host" and "/\host" would leave the site.
function isSitePath(text) {
  return text.startsWith("/") && !/^\/[\\/]/.test(text);
}

// The href to use for a link target, or null when it is not safe to follow:
// absolute http(s)/mailto URLs, and site paths (resolved against the API base
// when that is an absolute URL, e.g. on the exported static site).
export function safeHref(raw, base = apiBase()) {
  const text = String(raw ?? "").trim();
  if (!text || /[\u0000-\u001f\s]/.test(text)) return null;
  if (isSitePath(text)) {
    if (!/^https?:\/\//i.test(base)) return text;
    try {
      return new URL(text, base).href;
    } catch {
      return null;
    }
  }
  try {
    const url = new URL(text);
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null; // other relative forms ("x", "./x", "//host") and junk
  }
}

export function externalLink(href, label) {
  const link = document.createElement("a");
  link.href = href;
  link.rel = "noopener noreferrer";
  link.target = "_blank";
  link.textContent = label;
  return link;
}

function siteLink(href) {
  const link = document.createElement("a");
  link.href = href;
  return link;
}

function appendInline(parent, text) {
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) parent.append(document.createTextNode(text.slice(last, match.index)));
    last = match.index + match[0].length;
    const [, code, label, target, bold, boldUnderscore, italic, italicUnderscore] = match;
    const strong = bold ?? boldUnderscore;
    const emphasis = italic ?? italicUnderscore;
    if (code !== undefined) {
      const node = document.createElement("code");
      node.textContent = code;
      parent.append(node);
    } else if (label !== undefined) {
      const href = safeHref(target);
      if (href) {
        const link = href.startsWith("/") ? siteLink(href) : externalLink(href, "");
        appendInline(link, label);
        parent.append(link);
      } else {
        appendInline(parent, label); // unsafe target: keep the words, drop the link
      }
    } else {
      const node = document.createElement(strong !== undefined ? "strong" : "em");
      appendInline(node, strong !== undefined ? strong : emphasis);
      parent.append(node);
    }
  }
  if (last < text.length) parent.append(document.createTextNode(text.slice(last)));
}

export function renderMarkdown(source) {
  const fragment = document.createDocumentFragment();
  const blocks = String(source || "").replace(/\r\n?/g, "\n").trim().split(/\n\s*\n/);
  for (const block of blocks) {
    const lines = block.split("\n").filter((line) => line.trim());
    if (!lines.length) continue;
    if (lines.every((line) => BULLET.test(line))) {
      const list = document.createElement(/^\s*\d/.test(lines[0]) ? "ol" : "ul");
      for (const line of lines) {
        const item = document.createElement("li");
        appendInline(item, line.replace(BULLET, ""));
        list.append(item);
      }
      fragment.append(list);
      continue;
    }
    const paragraph = document.createElement("p");
    lines.forEach((line, index) => {
      if (index) paragraph.append(document.createElement("br"));
      const heading = /^\s*#{1,6}\s+(.*)$/.exec(line);
      if (heading) {
        const strong = document.createElement("strong");
        appendInline(strong, heading[1]);
        paragraph.append(strong);
      } else {
        appendInline(paragraph, line.trim());
      }
    });
    fragment.append(paragraph);
  }
  return fragment;
}
