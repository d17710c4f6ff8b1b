package ts

import (
	"fmt"
	"strings"

	"github.com/ssegen/ssegen/gen/internal/glue"
)

// The connection is JavaScript with its declarations beside it: its code
// is glue.Core, the same connection that gen/js wires to Elm's ports, so
// that both frontends speak the protocol through one implementation.

// renderConnection renders connection.js: the table of streams, the
// shared connection, and connect, which wraps it in the typed API that
// connection.d.ts declares.
func (g *generator) renderConnection() []byte {
	var p printer
	p.Line("%s", Header)
	p.Line("")
	p.doc(fmt.Sprintf("One EventSource for every followed channel of the ssegen streams of\n%s, for any framework or none; its types are in %s.\n\n@module", g.m.Package.Path, ConnectionTypesFile))
	p.Line("")
	p.doc("The event names of every stream: the connection listens for each.")
	p.Line("const streams = {")
	p.In()
	for _, s := range g.m.Streams {
		events := make([]string, len(s.Events))
		for i, e := range s.Events {
			events[i] = quote(e.Name)
		}
		p.Line("%s: [%s],", quote(s.Name), strings.Join(events, ", "))
	}
	p.Out()
	p.Line("};")
	p.Raw(glue.Core)
	p.Raw(typedAdapter)
	return p.Bytes()
}

// renderConnectionTypes renders connection.d.ts.
func (g *generator) renderConnectionTypes() []byte {
	var p printer
	p.Line("%s", Header)
	p.Line("")
	p.doc(fmt.Sprintf("The types of %s: one EventSource for every followed channel.\n\n@module", ConnectionFile))
	p.Line("")
	names := make([]string, len(g.m.Streams))
	for i, s := range g.m.Streams {
		names[i] = quote(s.Name)
	}
	p.doc("The streams of the model.")
	if len(names) == 0 {
		p.Line("export type StreamName = never;")
	} else {
		p.Line("export type StreamName = %s;", strings.Join(names, " | "))
	}
	p.Raw(connectionTypes)
	return p.Bytes()
}

// typedAdapter is the end of connection.js: connect, which hands the
// shared connection's events to the subscriptions of the stream modules.
const typedAdapter = `
/**
 * Connects to the server's streams. Nothing is opened until follow names
 * channels; subscribe (of each stream module) and onStatus may come before
 * or after. See connection.d.ts for the types.
 *
 * @param {import("./connection.js").ConnectOptions} [options]
 * @returns {import("./connection.js").Connection}
 */
export function connect(options = {}) {
  const statusCallbacks = [];
  if (typeof options.onStatus === "function") {
    statusCallbacks.push(options.onStatus);
  }
  const receivers = new Map(); // stream -> functions that take its envelopes

  const connection = openConnection(
    options,
    (status) => statusCallbacks.slice().forEach((callback) => callback(status)),
    (envelope) => (receivers.get(envelope.stream) || []).slice().forEach((receive) => receive(envelope)),
  );

  function remove(list, item) {
    const i = list.indexOf(item);
    if (i >= 0) {
      list.splice(i, 1);
    }
  }

  return {
    follow(channels) {
      connection.follow((channels || []).map((c) => c.stream + "/" + c.name));
    },

    onStatus(callback) {
      statusCallbacks.push(callback);
      return () => remove(statusCallbacks, callback);
    },

    listen(stream, decode, onEvent, onProblem) {
      const receive = (envelope) => {
        if (envelope.event === "resync") {
          if (onProblem) {
            onProblem({ kind: "resync", channel: envelope.channel });
          }
          return;
        }
        let event;
        try {
          event = decode(envelope.event, JSON.parse(envelope.data));
        } catch (err) {
          if (onProblem) {
            const error = err instanceof Error ? err : new Error(String(err));
            onProblem({ kind: "badEvent", channel: envelope.channel, event: envelope.event, id: envelope.id, error });
          }
          return;
        }
        // Outside the try: an exception in the app's handler is the app's.
        onEvent(event, { channel: envelope.channel, id: envelope.id });
      };
      const list = receivers.get(stream) || [];
      list.push(receive);
      receivers.set(stream, list);
      return () => remove(list, receive);
    },

    close() {
      connection.close();
    },
  };
}
`

// connectionTypes is the fixed part of connection.d.ts, after StreamName.
const connectionTypes = `
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

/**
 * Connects to the server's streams. Nothing is opened until follow names
 * channels; subscribe (of each stream module) and onStatus may come before
 * or after.
 */
export function connect(options?: ConnectOptions): Connection;
`
