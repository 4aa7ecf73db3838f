// Live updates from triage (GET /api/events, Server-Sent Events, same origin and session).
// Screens subscribe with on(fn); fn gets each notice ({kind, case_id, status, level, ...}: ids and
// codes, never text) and {kind: "refresh"} whenever they must read everything again: after a gap
// (resync, a reconnect that could not be replayed) and, while the stream is down, every 5 s — the
// polling fallback. The browser's EventSource reconnects by itself and sends Last-Event-ID.

const POLL_MS = 5000;
const HELLO_MS = 5000; // no hello this long: a buffering proxy or a dead stream
const RETRY_SSE_MS = 30000;

export function createLive({ onState, checkSession }) {
  const listeners = new Set();
  let source = null;
  let pollTimer = null;
  let retryTimer = null;
  let helloTimer = null;
  let stopped = false;
  let everLive = false;

  const emit = (notice) => listeners.forEach((fn) => fn(notice));

  function startPolling() {
    if (pollTimer === null) pollTimer = window.setInterval(() => document.hidden || emit({ kind: "refresh" }), POLL_MS);
    onState("polling");
  }

  function stopPolling() {
    if (pollTimer !== null) window.clearInterval(pollTimer);
    pollTimer = null;
  }

  function fallBack() {
    closeSource();
    startPolling();
    if (!stopped && retryTimer === null) retryTimer = window.setTimeout(connect, RETRY_SSE_MS);
  }

  function closeSource() {
    if (helloTimer !== null) window.clearTimeout(helloTimer);
    helloTimer = null;
    if (source) source.close();
    source = null;
  }

  function connect() {
    retryTimer = null;
    if (stopped) return;
    closeSource();
    onState("connecting");
    source = new EventSource("/api/events");
    helloTimer = window.setTimeout(fallBack, HELLO_MS);
    source.addEventListener("hello", () => {
      window.clearTimeout(helloTimer);
      helloTimer = null;
      stopPolling();
      onState("live");
      // A stream opened by hand after a fallback cannot know what it missed: read everything again.
      if (everLive) emit({ kind: "refresh" });
      everLive = true;
    });
    source.addEventListener("message", (event) => {
      try {
        emit(JSON.parse(event.data));
      } catch (err) {
        emit({ kind: "refresh" });
      }
    });
    source.addEventListener("resync", () => emit({ kind: "refresh" }));
    source.addEventListener("session_ended", () => {
      closeSource();
      checkSession();
    });
    source.addEventListener("error", () => {
      // CONNECTING: the browser retries by itself with Last-Event-ID; if no hello comes back soon,
      // poll meanwhile. CLOSED: the server refused (a 401, a proxy error): poll, and ask whether
      // the session still stands.
      if (source && source.readyState === EventSource.CLOSED) {
        checkSession();
        fallBack();
        return;
      }
      onState("connecting");
      if (helloTimer === null) helloTimer = window.setTimeout(fallBack, HELLO_MS);
    });
  }

  return {
    on(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    start: connect,
    stop() {
      stopped = true;
      closeSource();
      stopPolling();
      if (retryTimer !== null) window.clearTimeout(retryTimer);
    },
  };
}

/** Run `task` at most once per `ms`, on the leading edge (an emergency is shown at once). */
export function coalesce(task, ms = 250) {
  let last = 0;
  let timer = null;
  return function run() {
    const wait = last + ms - performance.now();
    if (timer !== null) return;
    if (wait <= 0) {
      last = performance.now();
      task();
      return;
    }
    timer = window.setTimeout(() => {
      timer = null;
      last = performance.now();
      task();
    }, wait);
  };
}
