// Safe Markdown for EVE's replies. Text is never parsed as HTML: every piece of
// the reply becomes a text node, and only this allowlist becomes elements:
// paragraphs, lists, strong, em, code and links to http(s)/mailto targets or
// to paths on the site ("/projects/x/"; on the API's origin when that is elsewhere).
//
// The inline syntax is read by a scanner, not by regular expressions with
// alternation inside repetition: those backtrack, and "**" followed by a few
// dozen links froze the page for minutes. Every lookup the scanner needs ("where
// does the next ] start", "where would this emphasis close") is precomputed
// right to left in one pass, so rendering is linear in the reply's length.

import { apiBase } from "./api.js";

const BULLET = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+/;
const ORDERED = /^[ \t]*\d/;
const HEADING = /^[ \t]*#{1,6}[ \t]+/;
const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);
// Inline markup nests a handful of levels at most (a link in emphasis in a
// link label...); deeper than this is not worth formatting.
const MAX_DEPTH = 8;

// A path on the site: one leading slash. "//host" and "/\host" would leave the site.
function isSitePath(text) {
  return text.startsWith("/") && text[1] !== "/" && text[1] !== "\\";
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
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) return null; // relative forms ("x", "./x", "//host")
  try {
    const url = new URL(text);
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null; // junk
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

const isWord = (char) => char !== undefined && /^[A-Za-z0-9_]$/.test(char);
const isSpace = (char) => /^\s$/.test(char);

// For every position i, the first index >= i whose character passes `test`
// (text.length when none does), filled right to left in one pass.
function nextIndex(text, test) {
  const next = new Int32Array(text.length + 1);
  next[text.length] = text.length;
  for (let i = text.length - 1; i >= 0; i -= 1) next[i] = test(text[i]) ? i : next[i + 1];
  return next;
}

// Everything the scanner asks about one line of text, answered in O(1).
class InlineIndex {
  constructor(text) {
    this.text = text;
    const n = text.length;
    const closeBracket = nextIndex(text, (char) => char === "]");
    const targetEnd = nextIndex(text, (char) => char === ")" || isSpace(char));
    const backtick = nextIndex(text, (char) => char === "`");
    this.backtick = backtick;
    // linkEnd[i]: the index after "[label](target)" starting at i, or 0.
    this.linkEnd = new Int32Array(n + 1);
    for (let i = 0; i < n; i += 1) {
      if (text[i] !== "[") continue;
      const close = closeBracket[i + 1];
      if (close === n || close === i + 1 || text[close + 1] !== "(") continue;
      const end = targetEnd[close + 2];
      if (end === n || end === close + 2 || text[end] !== ")") continue;
      this.linkEnd[i] = end + 1;
    }
    // stop[char][i]: the first `char` at or after i that is not inside a link
    // (emphasis may hold whole links, whose labels and targets may hold its delimiter).
    this.stop = {};
    for (const delimiter of ["*", "_"]) {
      const stop = new Int32Array(n + 1);
      stop[n] = n;
      for (let i = n - 1; i >= 0; i -= 1) {
        if (text[i] === delimiter) stop[i] = i;
        else if (this.linkEnd[i]) stop[i] = stop[this.linkEnd[i]];
        else stop[i] = stop[i + 1];
      }
      this.stop[delimiter] = stop;
    }
  }

  // "`code`": the closing backtick's index, or -1.
  code(i) {
    const close = this.backtick[i + 1];
    return close < this.text.length && close > i + 1 ? close : -1;
  }

  // Emphasis opened by `width` copies of `delimiter` at i: the closer's index, or -1.
  // Its content is non-empty and holds no `delimiter` outside links; "*" and "_"
  // (single and double "_") must not touch a word on their outer side, so
  // snake_case names and 2*3*4 stay as written.
  emphasis(i, delimiter, width) {
    const text = this.text;
    for (let k = 0; k < width; k += 1) if (text[i + k] !== delimiter) return -1;
    const strict = !(delimiter === "*" && width === 2);
    if (strict && (isWord(text[i - 1]) || text[i - 1] === delimiter)) return -1;
    if (text[i + width] === delimiter) return -1; // "***": not this width
    const close = this.stop[delimiter][i + width];
    if (close === i + width || close >= text.length) return -1;
    for (let k = 0; k < width; k += 1) if (text[close + k] !== delimiter) return -1;
    if (strict && (isWord(text[close + width]) || text[close + width] === delimiter)) return -1;
    return close;
  }
}

function appendInline(parent, text, depth = 0) {
  if (depth > MAX_DEPTH) {
    parent.append(document.createTextNode(text));
    return;
  }
  const index = new InlineIndex(text);
  let plain = 0; // start of the text not yet appended
  const flush = (end) => {
    if (end > plain) parent.append(document.createTextNode(text.slice(plain, end)));
  };
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    let close;
    if (char === "`" && (close = index.code(i)) !== -1) {
      flush(i);
      const node = document.createElement("code");
      node.textContent = text.slice(i + 1, close);
      parent.append(node);
      i = plain = close + 1;
    } else if (char === "[" && index.linkEnd[i]) {
      flush(i);
      const end = index.linkEnd[i];
      const labelEnd = text.indexOf("](", i); // the first "](" is the label's end: labels hold no "]"
      appendLink(parent, text.slice(i + 1, labelEnd), text.slice(labelEnd + 2, end - 1), depth);
      i = plain = end;
    } else if (char === "*" || char === "_") {
      const width = text[i + 1] === char && (close = index.emphasis(i, char, 2)) !== -1 ? 2 : 1;
      if (width === 1) close = index.emphasis(i, char, 1);
      if (close === -1) {
        i += 1;
        continue;
      }
      flush(i);
      const node = document.createElement(width === 2 ? "strong" : "em");
      appendInline(node, text.slice(i + width, close), depth + 1);
      parent.append(node);
      i = plain = close + width;
    } else {
      i += 1;
    }
  }
  flush(text.length);
}

function appendLink(parent, label, target, depth) {
  const href = safeHref(target);
  if (!href) {
    appendInline(parent, label, depth + 1); // unsafe target: keep the words, drop the link
    return;
  }
  const link = href.startsWith("/") ? siteLink(href) : externalLink(href, "");
  appendInline(link, label, depth + 1);
  parent.append(link);
}

// Block structure, line by line: bullet lines make list items (a list may
// follow a bold line or a sentence with no blank line between, as models
// write them), an indented line continues the item above, "# Heading" lines
// become bold lines, and other lines join the current paragraph.
export function renderMarkdown(source) {
  const fragment = document.createDocumentFragment();
  let paragraph = null;
  let list = null;
  let item = null;
  for (const line of String(source || "").replace(/\r\n?/g, "\n").split("\n")) {
    const trimmed = line.trim();
    if (!trimmed) {
      paragraph = list = item = null;
      continue;
    }
    const bullet = BULLET.exec(line);
    if (bullet) {
      const tag = ORDERED.test(line) ? "OL" : "UL";
      if (!list || list.tagName.toUpperCase() !== tag) {
        list = document.createElement(tag.toLowerCase());
        fragment.append(list);
      }
      item = document.createElement("li");
      appendInline(item, line.slice(bullet[0].length).trim());
      list.append(item);
      paragraph = null;
      continue;
    }
    if (item && /^[ \t]{2,}/.test(line)) {
      item.append(document.createElement("br"));
      appendInline(item, trimmed);
      continue;
    }
    list = item = null;
    if (paragraph) paragraph.append(document.createElement("br"));
    else {
      paragraph = document.createElement("p");
      fragment.append(paragraph);
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const strong = document.createElement("strong");
      appendInline(strong, line.slice(heading[0].length).trim());
      paragraph.append(strong);
    } else {
      appendInline(paragraph, trimmed);
    }
  }
  return fragment;
}
