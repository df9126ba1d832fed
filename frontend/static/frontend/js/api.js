// Talking to the CloudForgeX API. The base URL comes from <meta name="api-base">
// (empty = same origin), so the exported static site can call an API elsewhere.

export function apiBase() {
  const meta = document.querySelector('meta[name="api-base"]');
  const value = meta ? meta.getAttribute("content").trim() : "";
  return value.replace(/\/+$/, "");
}

export function apiUrl(path) {
  return `${apiBase()}${path}`;
}

export class ApiFailure extends Error {
  constructor(kind, message, { status = 0, retryAfter = null } = {}) {
    super(message);
    this.kind = kind; // "offline" | "unreachable" | "throttled" | "server" | "client"
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

function retryAfterSeconds(response, body) {
  const header = Number.parseInt(response.headers.get("Retry-After") || "", 10);
  if (Number.isFinite(header) && header >= 0) return header;
  // Cross-origin callers may not be allowed to read the header; the body says it too.
  const match = /(\d+)\s*second/.exec((body && body.error) || "");
  return match ? Number.parseInt(match[1], 10) : null;
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

// What the visitor was doing, in the words a throttling message needs.
const ACTIVITIES = {
  chat: "sending messages",
  certificate: "opening certificates",
  feedback: "rating answers",
};

export function friendlyMessage(failure, context = "chat") {
  switch (failure.kind) {
    case "offline":
      return "You seem to be offline. Check your connection and try again.";
    case "unreachable":
      return "I can't reach the server right now. Please check your connection and try again in a moment.";
    case "throttled": {
      const activity = ACTIVITIES[context] || "making requests";
      const wait = failure.retryAfter ? plural(failure.retryAfter, "second") : "a moment";
      return `You're ${activity} a little fast. Please wait ${wait} and try again.`;
    }
    case "server":
      return "Something went wrong on my side. Please try again in a moment.";
    default:
      return failure.message || "That didn't work. Please try again.";
  }
}

export async function requestJson(path, { method = "GET", body } = {}) {
  if (navigator.onLine === false) {
    throw new ApiFailure("offline", "offline");
  }
  let response;
  try {
    response = await fetch(apiUrl(path), {
      method,
      headers: body === undefined ? { Accept: "application/json" } : { Accept: "application/json", "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit",
      mode: "cors",
    });
  } catch {
    throw new ApiFailure(navigator.onLine === false ? "offline" : "unreachable", "unreachable");
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (response.ok && data !== null) return data;
  if (response.status === 429) {
    throw new ApiFailure("throttled", "throttled", { status: 429, retryAfter: retryAfterSeconds(response, data) });
  }
  if (response.status >= 500 || data === null) {
    throw new ApiFailure("server", "server", { status: response.status });
  }
  throw new ApiFailure("client", (data && data.error) || "That request was refused.", { status: response.status });
}
