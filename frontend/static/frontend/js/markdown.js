// Safe Markdown for EVE's replies. Text is never parsed as HTML: every piece of
// the reply becomes a text node, and only this allowlist becomes elements:
// paragraphs, lists, strong, em, code and links to http(s)/mailto targets.

const INLINE = /`([^`\n]+)`|\[([^\]\n]+)\]\(([^)\s]+)\)|\*\*([^*\n]+?)\*\*|(?<![\w*])[*_]([^*_\n]+?)[*_](?![\w*])/g;
const BULLET = /^\s*(?:[-*+]|\d+[.)])\s+/;
const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

export function safeHref(raw) {
  try {
    const url = new URL(raw);
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
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

function appendInline(parent, text) {
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) parent.append(document.createTextNode(text.slice(last, match.index)));
    last = match.index + match[0].length;
    const [, code, label, target, bold, italic] = match;
    if (code !== undefined) {
      const node = document.createElement("code");
      node.textContent = code;
      parent.append(node);
    } else if (label !== undefined) {
      const href = safeHref(target);
      if (href) {
        const link = externalLink(href, "");
        appendInline(link, label);
        parent.append(link);
      } else {
        appendInline(parent, label); // unsafe target: keep the words, drop the link
      }
    } else {
      const node = document.createElement(bold !== undefined ? "strong" : "em");
      appendInline(node, bold !== undefined ? bold : italic);
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
