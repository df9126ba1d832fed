// The compact "Sources" line under one of EVE's replies: the records the answer
// drew on, minus any the reply already links to in its own words.

import { externalLink, safeHref } from "./markdown.js";

function textNode(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span;
}

// The href a citation would link to (null when it has none safe to follow).
function citationHref(citation, slug) {
  const url = typeof citation.url === "string" ? citation.url.trim() : "";
  if (citation.kind === "certificate") return /^https?:\/\//i.test(url) ? safeHref(url) : null;
  if (url) return safeHref(url);
  if (citation.kind === "project" && slug) return safeHref(`/projects/${encodeURIComponent(slug)}/`);
  return null;
}

function citationNode(citation, viewer) {
  const item = document.createElement("li");
  const slug = typeof citation.slug === "string" && citation.slug ? citation.slug : null;
  const title = String(citation.title || slug || "Source");
  // A certificate with a slug has a PDF to view; a null slug means the issuer's page (if any).
  if (citation.kind === "certificate" && slug && viewer) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = `View certificate: ${title}`;
    button.addEventListener("click", () => viewer.open(slug, title, button));
    item.append(button);
    return item;
  }
  const href = citationHref(citation, slug);
  if (href && href.startsWith("/")) {
    const link = document.createElement("a");
    link.href = href;
    link.textContent = title;
    item.append(link);
  } else if (href) {
    item.append(externalLink(href, title));
  } else {
    item.append(textNode(title));
  }
  return item;
}

// Links the reply itself contains, by resolved address.
function linkedAddresses(body) {
  return new Set([...body.querySelectorAll("a[href]")].map((link) => link.href));
}

// A "Sources: a · b" line for the citations the reply does not already link to, or null.
export function sourcesLine(citations, body, { viewer } = {}) {
  const linked = linkedAddresses(body);
  const items = citations
    .filter((citation) => citation && typeof citation === "object")
    .map((citation) => citationNode(citation, viewer))
    .filter((item) => {
      const link = item.querySelector("a[href]");
      return !link || !linked.has(link.href);
    });
  if (!items.length) return null;
  const line = document.createElement("div");
  line.className = "msg-sources";
  const label = document.createElement("span");
  label.className = "msg-sources-label";
  label.setAttribute("aria-hidden", "true"); // the list's own label says it to screen readers
  label.textContent = "Sources:";
  const list = document.createElement("ul");
  list.className = "msg-citations";
  list.setAttribute("aria-label", "Sources");
  list.append(...items);
  line.append(label, list);
  return line;
}
