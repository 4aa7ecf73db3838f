// Polling with fetch: one request at a time, every `intervalMs` after the previous one ended,
// paused while the tab is hidden (no traffic, no audit entries for a screen nobody sees).

export function poller(task, intervalMs) {
  let timer = null;
  let running = false;
  let stopped = false;

  async function tick() {
    timer = null;
    if (stopped || running || document.hidden) return;
    running = true;
    try {
      await task();
    } catch (err) {
      // The task shows its own errors; polling goes on.
    } finally {
      running = false;
      schedule();
    }
  }

  function schedule() {
    if (!stopped && !document.hidden && timer === null) timer = window.setTimeout(tick, intervalMs);
  }

  function onVisibility() {
    if (document.hidden) {
      if (timer !== null) window.clearTimeout(timer);
      timer = null;
    } else if (!running) {
      tick();
    }
  }

  document.addEventListener("visibilitychange", onVisibility);
  tick();
  return {
    now: () => {
      if (timer !== null) window.clearTimeout(timer);
      timer = null;
      return tick();
    },
    stop() {
      stopped = true;
      if (timer !== null) window.clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    },
  };
}

/** A 1-second clock for counters (waiting time); stopped with the view. */
export function ticker(fn) {
  const id = window.setInterval(fn, 1000);
  return () => window.clearInterval(id);
}
