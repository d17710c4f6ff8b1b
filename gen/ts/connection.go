package ts

import (
	"fmt"
	"strings"
)

// renderConnection renders connection.ts: the table of streams, then the
// fixed connection code.
func (g *generator) renderConnection() []byte {
	var p printer
	p.line("%s", Header)
	p.line(`/// <reference lib="es2019" />`)
	p.line(`/// <reference lib="dom" />`)
	p.line("")
	p.doc(fmt.Sprintf("One EventSource for every followed channel of the ssegen streams of\n%s, for any framework or none.\n\n@module", g.m.Package.Path))
	p.line("")
	names := make([]string, len(g.m.Streams))
	for i, s := range g.m.Streams {
		names[i] = quote(s.Name)
	}
	p.doc("The streams of the model.")
	if len(names) == 0 {
		p.line("export type StreamName = never;")
	} else {
		p.line("export type StreamName = %s;", strings.Join(names, " | "))
	}
	p.line("")
	p.doc("The event names of every stream: the connection listens for each.")
	p.line("const streams: { readonly [stream: string]: readonly string[] } = {")
	p.in()
	for _, s := range g.m.Streams {
		events := make([]string, len(s.Events))
		for i, e := range s.Events {
			events[i] = quote(e.Name)
		}
		p.line("%s: [%s],", quote(s.Name), strings.Join(events, ", "))
	}
	p.out()
	p.line("};")
	p.buf.WriteString(connectionCode)
	return p.bytes()
}

// connectionCode is the fixed part of connection.ts. It speaks the
// protocol of docs/protocol.md exactly as gen/js's glue for Elm does: one
// EventSource on GET /sse?c=<topic>&c=..., the topic as the first line of
// each event's data, cursor ids that resume every topic, ?lastEventId= on
// a fresh EventSource, resync events, and a refusal probed once with
// fetch, reported, and not retried.
const connectionCode = `
/** One channel of one stream. Each stream module's channel builds them from a typed key. */
export interface Channel {
  readonly stream: StreamName;
  /** The channel's name within its stream, e.g. "item:42". */
  readonly name: string;
}

/**
 * The state of the one connection that carries every followed channel:
 * connected; reconnecting (lost, the browser retries); reconnected (back,
 * with the missed events delivered or a resync problem for the channels
 * that need fresh state); failed (the server refused: 401 or 403 from its
 * authorizer, 404 for an unknown channel, 204 for a closed one; not
 * retried until follow names another set of channels).
 */
export type Status =
  | { readonly status: "connected" | "reconnecting" | "reconnected" }
  | { readonly status: "failed"; readonly code: number; readonly message: string };

/** Where an event came from: its channel and its id within the channel. */
export interface EventMeta {
  readonly channel: string;
  readonly id: string;
}

/**
 * What a subscription reports besides events: data that did not decode
 * (badEvent; a client older than the server is the usual cause), or a
 * channel whose missed events the server could not replay (resync: fetch
 * its state afresh).
 */
export type Problem =
  | { readonly kind: "badEvent"; readonly channel: string; readonly event: string; readonly id: string; readonly error: Error }
  | { readonly kind: "resync"; readonly channel: string };

/** Options of connect. */
export interface ConnectOptions {
  /** Prefix of /sse, e.g. "https://api.example.com"; same origin when empty. */
  baseUrl?: string;
  /** Send cookies to another origin. */
  withCredentials?: boolean;
  /** First delay before reopening after a failure the browser does not retry (1000 ms). */
  retryMs?: number;
  /** Longest such delay (30000 ms). */
  maxRetryMs?: number;
  /** Called on every change of the connection's status. */
  onStatus?: (status: Status) => void;
}

/** The one connection of an app. */
export interface Connection {
  /**
   * Follows exactly these channels from now on: one EventSource carries
   * them all. Give the whole list every time; a list equal to the current
   * one changes nothing, an empty list closes the connection.
   */
  follow(channels: readonly Channel[]): void;
  /** Calls callback on every change of status; returns a function that stops it. */
  onStatus(callback: (status: Status) => void): () => void;
  /**
   * Hands the events of a stream's followed channels to onEvent, decoded
   * by decode. The stream modules' subscribe functions use it; apps need not.
   */
  listen<E>(
    stream: StreamName,
    decode: (event: string, data: unknown) => E,
    onEvent: (event: E, meta: EventMeta) => void,
    onProblem?: (problem: Problem) => void,
  ): () => void;
  /** Closes the connection; follow opens it again. */
  close(): void;
}

/** What arrives on a stream: data is the event's JSON text. */
interface Envelope {
  readonly channel: string;
  readonly event: string;
  readonly id: string;
  readonly data: string;
}

/** Answers after which retrying cannot help: reported once, not retried. */
const permanent = [204, 400, 401, 403, 404, 405];

/**
 * Connects to the server's streams. Nothing is opened until follow names
 * channels; subscribe (of each stream module) and onStatus may come
 * before or after.
 */
export function connect(options: ConnectOptions = {}): Connection {
  const baseUrl = (options.baseUrl || "").replace(/\/+$/, "");
  const withCredentials = options.withCredentials === true;
  const retryMs = options.retryMs !== undefined && options.retryMs > 0 ? options.retryMs : 1000;
  const maxRetryMs = options.maxRetryMs !== undefined && options.maxRetryMs > 0 ? options.maxRetryMs : 30000;

  let topics: string[] = []; // followed topics, sorted, without duplicates
  const cursor = new Map<string, string>(); // topic -> id of the last event seen on it
  let source: EventSource | null = null;
  let generation = 0; // bumped on every (re)open, so stale callbacks do nothing
  let state: "idle" | "connecting" | "open" | "lost" | "failed" = "idle";
  let delay = retryMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const statusCallbacks: ((status: Status) => void)[] = [];
  if (options.onStatus) {
    statusCallbacks.push(options.onStatus);
  }
  const receivers = new Map<string, ((envelope: Envelope) => void)[]>();

  function report(status: Status): void {
    statusCallbacks.slice().forEach((callback) => callback(status));
  }

  function lost(): void {
    if (state !== "lost") {
      state = "lost";
      report({ status: "reconnecting" });
    }
  }

  // The position of every followed topic, in the cursor form of the protocol.
  function resumeCursor(): string {
    const q = new URLSearchParams();
    topics.forEach((t) => {
      const id = cursor.get(t);
      if (id !== undefined) {
        q.append(t, id);
      }
    });
    return q.toString();
  }

  function url(): string {
    const q = new URLSearchParams();
    topics.forEach((t) => q.append("c", t));
    const resume = resumeCursor();
    if (resume !== "") {
      q.set("lastEventId", resume);
    }
    return baseUrl + "/sse?" + q.toString();
  }

  // Every id on the multiplexed endpoint is a cursor of all its topics.
  function remember(id: string): void {
    if (id) {
      new URLSearchParams(id).forEach((v, t) => cursor.set(t, v));
    }
  }

  function stop(): void {
    generation++;
    clearTimeout(timer);
    timer = undefined;
    if (source) {
      source.close();
      source = null;
    }
  }

  function open(): void {
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
        if (permanent.indexOf(code) >= 0) {
          state = "failed";
          report({ status: "failed", code, message: "the server answered " + code + " for " + topics.join(", ") });
          return;
        }
        lost();
        timer = setTimeout(open, delay);
        delay = Math.min(delay * 2, maxRetryMs);
      });
    };

    const onEvent = (e: MessageEvent) => {
      if (mine !== generation) {
        return;
      }
      remember(e.lastEventId);
      const data = String(e.data);
      const newline = data.indexOf("\n");
      const topic = newline < 0 ? data : data.slice(0, newline);
      deliver(topic, e.type, newline < 0 ? "" : data.slice(newline + 1));
    };
    Object.keys(streams).forEach((name) => {
      (streams[name] || []).forEach((event) => es.addEventListener(event, onEvent));
    });
    es.addEventListener("resync", (e: MessageEvent) => {
      if (mine !== generation) {
        return;
      }
      deliver(String(e.data), "resync", "");
    });
  }

  function deliver(topic: string, event: string, data: string): void {
    const slash = topic.indexOf("/");
    const list = slash < 0 ? undefined : receivers.get(topic.slice(0, slash));
    if (!list) {
      return;
    }
    const envelope: Envelope = {
      channel: topic.slice(slash + 1),
      event,
      id: event === "resync" ? "" : cursor.get(topic) || "",
      data,
    };
    list.slice().forEach((receive) => receive(envelope));
  }

  // EventSource does not expose the status of a refused connection; a
  // plain request for the same URL does. Its body is not read.
  function probe(target: string): Promise<number> {
    const abort = new AbortController();
    return fetch(target, {
      credentials: withCredentials ? "include" : "same-origin",
      headers: { Accept: "text/event-stream" },
      signal: abort.signal,
    }).then(
      (res) => {
        abort.abort();
        return res.status;
      },
      () => 0,
    );
  }

  function remove<T>(list: T[], item: T): void {
    const i = list.indexOf(item);
    if (i >= 0) {
      list.splice(i, 1);
    }
  }

  return {
    follow(channels: readonly Channel[]): void {
      const seen: { [topic: string]: boolean } = {};
      const next: string[] = [];
      channels.forEach((c) => {
        const t = c.stream + "/" + c.name;
        if (!seen[t]) {
          seen[t] = true;
          next.push(t);
        }
      });
      next.sort();
      if (next.length === topics.length && next.every((t, i) => t === topics[i])) {
        return;
      }
      topics = next;
      open();
    },

    onStatus(callback: (status: Status) => void): () => void {
      statusCallbacks.push(callback);
      return () => remove(statusCallbacks, callback);
    },

    listen<E>(
      stream: StreamName,
      decode: (event: string, data: unknown) => E,
      onEvent: (event: E, meta: EventMeta) => void,
      onProblem?: (problem: Problem) => void,
    ): () => void {
      const receive = (envelope: Envelope): void => {
        if (envelope.event === "resync") {
          if (onProblem) {
            onProblem({ kind: "resync", channel: envelope.channel });
          }
          return;
        }
        let event: E;
        try {
          event = decode(envelope.event, JSON.parse(envelope.data));
        } catch (err) {
          if (onProblem) {
            const error = err instanceof Error ? err : new Error(String(err));
            onProblem({ kind: "badEvent", channel: envelope.channel, event: envelope.event, id: envelope.id, error });
          }
          return;
        }
        onEvent(event, { channel: envelope.channel, id: envelope.id });
      };
      const list = receivers.get(stream) || [];
      list.push(receive);
      receivers.set(stream, list);
      return () => remove(list, receive);
    },

    close(): void {
      stop();
      topics = [];
      state = "idle";
    },
  };
}
`
