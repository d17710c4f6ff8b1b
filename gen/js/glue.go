package js

// elmAdapter is the end of ssegen.js, after the tables and glue.Core:
// connect, which wires the connection to an Elm app's ports.
const elmAdapter = `
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
  const ports = (app && app.ports) || {};

  function send(name, value) {
    const port = ports[name];
    if (port && typeof port.send === "function") {
      port.send(value);
    }
  }

  const connection = openConnection(
    options,
    (status) => send(statusPort, status),
    (envelope) => send(streamPorts[envelope.stream], envelope),
  );

  const onCommand = (command) => {
    if (command && Array.isArray(command.follow)) {
      connection.follow(command.follow);
    }
  };
  const commands = ports[commandPort];
  if (commands && typeof commands.subscribe === "function") {
    commands.subscribe(onCommand);
  }

  return {
    /** Follows exactly these topics ("stream/channel"), as Sse.Ports.follow does. */
    follow: connection.follow,
    /** Closes the connection and stops listening to the app. */
    close() {
      if (commands && typeof commands.unsubscribe === "function") {
        commands.unsubscribe(onCommand);
      }
      connection.close();
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
