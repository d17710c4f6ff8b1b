// Package glue holds the browser side of the wire protocol in JavaScript,
// once: the EventSource connection that gen/js wires to Elm's ports and
// gen/ts wraps in a typed API.
package glue

// Core is JavaScript source that defines openConnection, after the module
// has defined `streams`, the table of every stream's event names
// ({name: [event, ...]}). It speaks the protocol of docs/protocol.md: one
// EventSource on GET /sse?c=<topic>&c=..., the topic as the first line of
// each event's data, cursor ids that resume every topic, ?lastEventId= on
// a fresh EventSource, resync events, and a connection the browser gives
// up on probed once with fetch: 204, 400, 401, 403, 404 and 405 are
// reported as failed and not retried until the set of topics changes;
// anything else is retried with backoff. It uses no syntax beyond ES2018
// and no dependency.
const Core = `
/** Answers after which retrying cannot help: reported once, not retried. */
const permanent = [204, 400, 401, 403, 404, 405];

/**
 * One EventSource on the multiplexed endpoint for every followed topic.
 * Nothing opens until follow names topics.
 *
 * @param {object} options
 * @param {string} [options.baseUrl] prefix of /sse; same origin when empty
 * @param {boolean} [options.withCredentials] send cookies to another origin
 * @param {number} [options.retryMs] first delay before reopening after a failure the browser does not retry (1000)
 * @param {number} [options.maxRetryMs] longest such delay (30000)
 * @param {(status: object) => void} report gets {status: "connected" | "reconnecting" | "reconnected"}
 *   or {status: "failed", code, message}
 * @param {(envelope: object) => void} deliver gets {stream, channel, event, id, data} for every
 *   event of a known stream, data being its JSON text; event "resync" (id and data "") when the
 *   channel's missed events are lost
 * @returns {{follow(topics: string[]): void, close(): void}}
 */
function openConnection(options, report, deliver) {
  const baseUrl = String(options.baseUrl || "").replace(/\/+$/, "");
  const withCredentials = Boolean(options.withCredentials);
  const retryMs = options.retryMs > 0 ? options.retryMs : 1000;
  const maxRetryMs = options.maxRetryMs > 0 ? options.maxRetryMs : 30000;

  let topics = [];          // followed topics, sorted, without duplicates
  const cursor = new Map(); // topic -> id of the last event seen on it
  let source = null;        // the current EventSource
  let generation = 0;       // bumped on every (re)open, so stale callbacks do nothing
  let state = "idle";       // idle | connecting | open | lost | failed
  let delay = retryMs;
  let timer = null;

  function lost() {
    if (state !== "lost") {
      state = "lost";
      report({ status: "reconnecting" });
    }
  }

  // The position of every followed topic, in the cursor form of the protocol.
  function resumeCursor() {
    const q = new URLSearchParams();
    for (const t of topics) {
      if (cursor.has(t)) {
        q.append(t, cursor.get(t));
      }
    }
    return q.toString();
  }

  function url() {
    const q = new URLSearchParams();
    for (const t of topics) {
      q.append("c", t);
    }
    const resume = resumeCursor();
    if (resume !== "") {
      q.set("lastEventId", resume);
    }
    return baseUrl + "/sse?" + q.toString();
  }

  // Every id on the multiplexed endpoint is a cursor of all its topics.
  function remember(id) {
    if (!id) {
      return;
    }
    for (const [t, v] of new URLSearchParams(id)) {
      cursor.set(t, v);
    }
  }

  function stop() {
    generation++;
    clearTimeout(timer);
    timer = null;
    if (source) {
      source.close();
      source = null;
    }
  }

  function open() {
    stop();
    if (topics.length === 0) {
      state = "idle";
      return;
    }
    if (state === "idle" || state === "failed") {
      state = "connecting";
    }
    const mine = ++generation;
    const target = url();
    const es = new EventSource(target, { withCredentials });
    source = es;

    es.onopen = () => {
      if (mine !== generation) {
        return;
      }
      delay = retryMs;
      if (state === "lost") {
        report({ status: "reconnected" });
      } else if (state !== "open") {
        report({ status: "connected" });
      }
      state = "open";
    };

    es.onerror = () => {
      if (mine !== generation) {
        return;
      }
      if (es.readyState !== EventSource.CLOSED) {
        // The browser reconnects by itself, sending Last-Event-ID.
        lost();
        return;
      }
      // The browser gave up: learn why before deciding to retry.
      es.close();
      source = null;
      probe(target).then((code) => {
        if (mine !== generation) {
          return;
        }
        if (permanent.includes(code)) {
          state = "failed";
          report({ status: "failed", code, message: "the server answered " + code + " for " + topics.join(", ") });
          return;
        }
        lost();
        timer = setTimeout(open, delay);
        delay = Math.min(delay * 2, maxRetryMs);
      });
    };

    const onEvent = (e) => {
      if (mine !== generation) {
        return;
      }
      remember(e.lastEventId);
      const data = String(e.data);
      const newline = data.indexOf("\n");
      const topic = newline < 0 ? data : data.slice(0, newline);
      send(topic, e.type, newline < 0 ? "" : data.slice(newline + 1));
    };
    for (const name of Object.keys(streams)) {
      for (const event of streams[name]) {
        es.addEventListener(event, onEvent);
      }
    }
    es.addEventListener("resync", (e) => {
      if (mine !== generation) {
        return;
      }
      send(String(e.data), "resync", "");
    });
  }

  function send(topic, event, data) {
    const slash = topic.indexOf("/");
    const stream = slash < 0 ? "" : topic.slice(0, slash);
    if (!Object.prototype.hasOwnProperty.call(streams, stream)) {
      return;
    }
    deliver({
      stream,
      channel: topic.slice(slash + 1),
      event,
      id: event === "resync" ? "" : cursor.get(topic) || "",
      data,
    });
  }

  // EventSource does not expose the status of a refused connection; a
  // plain request for the same URL does. Its body is not read.
  async function probe(target) {
    const abort = new AbortController();
    try {
      const res = await fetch(target, {
        credentials: withCredentials ? "include" : "same-origin",
        headers: { Accept: "text/event-stream" },
        signal: abort.signal,
      });
      return res.status;
    } catch (err) {
      return 0;
    } finally {
      abort.abort();
    }
  }

  return {
    follow(list) {
      const next = Array.from(new Set((list || []).filter((t) => typeof t === "string" && t.includes("/")))).sort();
      if (next.length === topics.length && next.every((t, i) => t === topics[i])) {
        return;
      }
      topics = next;
      open();
    },
    close() {
      stop();
      topics = [];
      state = "idle";
    },
  };
}
`
