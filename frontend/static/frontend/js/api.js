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
  const response = await send(path, {
    method,
    body,
    accept: "application/json",
  });
  return readJson(response);
}

// POST a chat message asking for Server-Sent Events. onDelta(text) gets each piece
// as it arrives; the promise resolves with the "done" event's data, which is the
// same JSON object a plain request returns. A server (or API Gateway in front of
// Lambda) that answers plain JSON, or the whole stream in one body, works too.
export async function requestChat(path, body, { onDelta = () => {} } = {}) {
  const response = await send(path, {
    method: "POST",
    body,
    accept: "text/event-stream, application/json",
  });
  const type = response.headers.get("Content-Type") || "";
  if (!response.ok || !type.includes("text/event-stream")) return readJson(response);
  return readEventStream(response, onDelta);
}

async function send(path, { method, body, accept }) {
  if (navigator.onLine === false) {
    throw new ApiFailure("offline", "offline");
  }
  const headers = { Accept: accept };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  try {
    return await fetch(apiUrl(path), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit",
      mode: "cors",
    });
  } catch {
    throw new ApiFailure(navigator.onLine === false ? "offline" : "unreachable", "unreachable");
  }
}

async function readJson(response) {
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

// Splits SSE text into events; push() may get any slice of the stream.
export function eventStreamParser(onEvent) {
  let buffer = "";
  const flush = (block) => {
    let name = "message";
    const data = [];
    for (const line of block.split("\n")) {
      if (!line || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "event") name = value;
      else if (field === "data") data.push(value);
    }
    if (data.length) onEvent(name, data.join("\n"));
  };
  return {
    push(text) {
      buffer = (buffer + text).replace(/\r\n?/g, "\n");
      let end = buffer.indexOf("\n\n");
      while (end !== -1) {
        flush(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf("\n\n");
      }
    },
    end() {
      if (buffer.trim()) flush(buffer);
      buffer = "";
    },
  };
}

async function readEventStream(response, onDelta) {
  let result = null;
  let failed = false;
  const parser = eventStreamParser((name, data) => {
    let payload = null;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    if (name === "delta" && payload && typeof payload.text === "string") onDelta(payload.text);
    else if (name === "done" && payload && typeof payload === "object") result = payload;
    else if (name === "error") failed = true;
  });
  try {
    if (response.body && typeof response.body.getReader === "function") {
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.push(decoder.decode(value, { stream: true }));
      }
      parser.push(decoder.decode());
    } else {
      parser.push(await response.text());
    }
  } catch {
    throw new ApiFailure(navigator.onLine === false ? "offline" : "unreachable", "unreachable");
  }
  parser.end();
  if (result && !failed) return result;
  throw new ApiFailure("server", "server", { status: response.status });
}
