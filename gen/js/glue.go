package js

// glue is the fixed part of ssegen.js, after the generated table of
// streams. It speaks the protocol of docs/protocol.md: one EventSource on
// GET /sse?c=<topic>&c=..., the topic as the first line of each event's
// data, cursor ids that resume every topic, ?lastEventId= on a fresh
// EventSource, and resync events.
const glue = `
/** Answers after which retrying cannot help: the glue reports them once and stops. */
const permanent = new Set([204, 400, 401, 403, 404, 405]);

/**
 * Connects an Elm app's ports to the server's streams.
 *
 * The app says which channels it follows through the command port
 * (Sse.Ports.follow); the glue keeps one EventSource on the multiplexed
 * endpoint for all of them, reopens it when the set changes, and resumes
 * every channel where it stopped. Events go to the port of their stream
 * as {stream, channel, event, id, data}, data being the event's JSON text;
 * connection changes go to the status port. Ports that the Elm compiler
 * removed because the app does not use them are skipped.
 *
 * A connection the browser gives up on (a non-200 answer) is probed once
 * with fetch to learn its status, since EventSource hides it: 204, 400,
 * 401, 403, 404 and 405 are reported as failed and not retried until the
 * set of channels changes; anything else is retried with backoff.
 *
 * @param {object} app the value Elm.Main.init returned
 * @param {object} [options]
 * @param {string} [options.baseUrl] prefix of /sse, e.g. "https://api.example.com"; same origin when empty
 * @param {boolean} [options.withCredentials] send cookies to another origin
 * @param {number} [options.retryMs] first delay before reopening after a failure the browser does not retry (1000)
 * @param {number} [options.maxRetryMs] longest such delay (30000)
 * @returns {{follow(topics: string[]): void, close(): void}}
 */
export function connect(app, options = {}) {
  const baseUrl = String(options.baseUrl || "").replace(/\/+$/, "");
  const withCredentials = Boolean(options.withCredentials);
  const retryMs = options.retryMs > 0 ? options.retryMs : 1000;
  const maxRetryMs = options.maxRetryMs > 0 ? options.maxRetryMs : 30000;
  const ports = (app && app.ports) || {};

  let topics = [];          // followed topics, sorted, without duplicates
  const cursor = new Map(); // topic -> id of the last event seen on it
  let source = null;        // the current EventSource
  let generation = 0;       // bumped on every (re)open, so stale callbacks do nothing
  let state = "idle";       // idle | connecting | open | lost | failed
  let delay = retryMs;
  let timer = null;

  function send(name, value) {
    const port = ports[name];
    if (port && typeof port.send === "function") {
      port.send(value);
    }
  }

  function report(status, extra) {
    send(statusPort, Object.assign({ status }, extra));
  }

  function lost() {
    if (state !== "lost") {
      state = "lost";
      report("reconnecting");
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
        report("reconnected");
      } else if (state !== "open") {
        report("connected");
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
        if (permanent.has(code)) {
          state = "failed";
          report("failed", { code, message: "the server answered " + code + " for " + topics.join(", ") });
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
      deliver(topic, e.type, newline < 0 ? "" : data.slice(newline + 1));
    };
    for (const name of Object.keys(streams)) {
      for (const event of streams[name].events) {
        es.addEventListener(event, onEvent);
      }
    }
    es.addEventListener("resync", (e) => {
      if (mine !== generation) {
        return;
      }
      deliver(String(e.data), "resync", "");
    });
  }

  function deliver(topic, event, data) {
    const slash = topic.indexOf("/");
    const info = slash < 0 ? undefined : streams[topic.slice(0, slash)];
    if (!info) {
      return;
    }
    send(info.port, {
      stream: topic.slice(0, slash),
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

  function follow(list) {
    const next = Array.from(new Set((list || []).filter((t) => typeof t === "string" && t.includes("/")))).sort();
    if (next.length === topics.length && next.every((t, i) => t === topics[i])) {
      return;
    }
    topics = next;
    open();
  }

  const onCommand = (command) => {
    if (command && Array.isArray(command.follow)) {
      follow(command.follow);
    }
  };
  const commands = ports[commandPort];
  if (commands && typeof commands.subscribe === "function") {
    commands.subscribe(onCommand);
  }

  return {
    /** Follows exactly these topics ("stream/channel"), as Sse.Ports.follow does. */
    follow,
    /** Closes the connection and stops listening to the app. */
    close() {
      if (commands && typeof commands.unsubscribe === "function") {
        commands.unsubscribe(onCommand);
      }
      stop();
      topics = [];
      state = "idle";
    },
  };
}
`

// typesHead and typesTail surround the generated port list of ssegen.d.ts.
const typesHead = `
/** What the glue sends on a stream's port; data is the event's JSON text. */
export interface PortEvent {
  stream: StreamName;
  channel: string;
  /** The Go event name, or "resync" when the channel's missed events are lost. */
  event: string;
  /** The id of the event within its channel; empty for resync. */
  id: string;
  data: string;
}

/** What the glue sends on the status port. */
export type PortStatus =
  | { status: "connected" | "reconnecting" | "reconnected" }
  | { status: "failed"; code: number; message: string };

/** A port from JavaScript into Elm. */
export interface InPort<T> {
  send(value: T): void;
}

/** A port from Elm out to JavaScript. */
export interface OutPort<T> {
  subscribe(callback: (value: T) => void): void;
  unsubscribe(callback: (value: T) => void): void;
}

/** The part of an Elm app the glue uses: ports the compiler removed are absent. */
export interface ElmApp {
  ports?: {
`

const typesTail = `
export interface ConnectOptions {
  /** Prefix of /sse, e.g. "https://api.example.com"; same origin when empty. */
  baseUrl?: string;
  /** Send cookies to another origin. */
  withCredentials?: boolean;
  /** First delay before reopening after a failure the browser does not retry (1000 ms). */
  retryMs?: number;
  /** Longest such delay (30000 ms). */
  maxRetryMs?: number;
}

export interface Connection {
  /** Follows exactly these topics ("stream/channel"), as Sse.Ports.follow does. */
  follow(topics: string[]): void;
  /** Closes the connection and stops listening to the app. */
  close(): void;
}

/** Connects an Elm app's ports to the server's streams over one EventSource. */
export function connect(app: ElmApp, options?: ConnectOptions): Connection;
`
