package ts

// decodeModule is decode.ts after its header line: the checks that the
// generated decoders are made of. Each takes an untrusted value and the
// path that names it in errors, and returns it typed or throws a
// DecodeError. It uses no type assertions: every value is narrowed by a
// check. (Written without template literals, which a Go raw string cannot
// hold.)
const decodeModule = `/// <reference lib="es2019" />

/**
 * The checks behind the generated decoders and encoders. Every decoder
 * takes untrusted JSON (what JSON.parse returned) and returns a typed value
 * or throws a DecodeError naming where the data went wrong.
 *
 * @module
 */

/** Why data did not decode: where, as a path from the event name, and what was expected there. */
export class DecodeError extends Error {
  /** Where the data went wrong, e.g. "CardCreated.reviewers[3].name". */
  readonly path: string;
  /** What was expected there, e.g. "expected a string". */
  readonly expected: string;

  constructor(path: string, expected: string) {
    super(path + ": " + expected);
    this.name = "DecodeError";
    this.path = path;
    this.expected = expected;
  }
}

/** A JSON object whose members are not checked yet. */
export type JsonObject = { [member: string]: unknown };

/** Reports whether value is a JSON object (not null, not an array). */
function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value as a JSON object. */
export function object(value: unknown, path: string): JsonObject {
  if (isObject(value)) {
    return value;
  }
  throw new DecodeError(path, "expected an object, got " + describe(value));
}

/** The member name of o, or undefined; inherited properties such as "constructor" never count. */
export function member(o: JsonObject, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, name) ? o[name] : undefined;
}

/** A short description of a value that did not decode, for messages. */
function describe(value: unknown): string {
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "an array";
  }
  switch (typeof value) {
    case "string":
      return value.length > 40 ? "a string" : JSON.stringify(value);
    case "number":
    case "boolean":
      return String(value);
    case "undefined":
      return "nothing";
  }
  return "an " + typeof value;
}

export function string(value: unknown, path: string): string {
  if (typeof value === "string") {
    return value;
  }
  throw new DecodeError(path, "expected a string, got " + describe(value));
}

export function boolean(value: unknown, path: string): boolean {
  if (typeof value === "boolean") {
    return value;
  }
  throw new DecodeError(path, "expected a boolean, got " + describe(value));
}

/** A number without a fraction between min and max. Go's 64-bit integers come with bounds that a double cannot tell apart from their neighbours; see docs/typescript.md. */
export function integer(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new DecodeError(path, "expected an integer, got " + describe(value));
  }
  if (value < min || value > max) {
    throw new DecodeError(path, "expected an integer from " + min + " to " + max + ", got " + value);
  }
  return value;
}

export function number(value: unknown, path: string): number {
  if (typeof value === "number") {
    return value;
  }
  throw new DecodeError(path, "expected a number, got " + describe(value));
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** A time.Time: RFC 3339 text, as Go writes it. */
export function time(value: unknown, path: string): string {
  if (typeof value === "string" && rfc3339.test(value)) {
    return value;
  }
  throw new DecodeError(path, "expected an RFC 3339 time, got " + describe(value));
}

const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A []byte: standard base64 text; null (a nil slice) reads as "". */
export function bytes(value: unknown, path: string): string {
  if (value === null) {
    return "";
  }
  if (typeof value === "string" && base64.test(value)) {
    return value;
  }
  throw new DecodeError(path, "expected base64 text, got " + describe(value));
}

/** A json.RawMessage: any JSON value, passed on undecoded; only a missing member fails. */
export function json(value: unknown, path: string): unknown {
  if (value === undefined) {
    throw new DecodeError(path, "expected a JSON value, got nothing");
  }
  return value;
}

/**
 * Encodes a number that Go holds in a signed 64-bit integer. A number is a
 * double, so a value within 1024 of Go's limits may have been rounded past
 * them, and Go would refuse the whole event; such a value is written as the
 * nearest double inside them.
 */
export function int64(value: number): number {
  return Math.min(Math.max(value, -9223372036854774784), 9223372036854774784);
}

/** Encodes a number that Go holds in an unsigned 64-bit integer, as int64 does: never past the largest double below 2^64. */
export function uint64(value: number): number {
  return Math.min(value, 18446744073709549568);
}

/** A 64-bit integer kept as its decimal text (the ,string tag option). */
export function digits(value: unknown, path: string, signed: boolean): string {
  if (typeof value === "string" && (signed ? /^-?(0|[1-9][0-9]*)$/ : /^(0|[1-9][0-9]*)$/).test(value)) {
    return value;
  }
  throw new DecodeError(path, "expected " + (signed ? "an integer" : "an unsigned integer") + " as decimal text, got " + describe(value));
}

/** A value that Go wrote as JSON inside a string (the ,string tag option). */
export function quoted<T>(value: unknown, path: string, inner: (value: unknown, path: string) => T): T {
  if (typeof value !== "string") {
    throw new DecodeError(path, "expected a quoted value, got " + describe(value));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new DecodeError(path, "expected a quoted value, got " + describe(value));
  }
  return inner(parsed, path);
}

/** Encodes a value as JSON inside a string (the ,string tag option). */
export function quote(value: unknown): string {
  return JSON.stringify(value);
}

/** null, or the value decoded by inner. */
export function nullable<T>(value: unknown, path: string, inner: (value: unknown, path: string) => T): T | null {
  return value === null ? null : inner(value, path);
}

/** A slice: an array, or null (a nil slice), which reads as []. */
export function list<T>(value: unknown, path: string, elem: (value: unknown, path: string) => T): T[] {
  if (value === null) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw new DecodeError(path, "expected an array, got " + describe(value));
  }
  return value.map((v: unknown, i: number) => elem(v, path + "[" + i + "]"));
}

/** A Go array: exactly length elements. */
export function array<T>(value: unknown, path: string, length: number, elem: (value: unknown, path: string) => T): T[] {
  if (!Array.isArray(value) || value.length !== length) {
    throw new DecodeError(path, "expected an array of " + length + ", got " + describe(value) + (Array.isArray(value) ? " of " + value.length : ""));
  }
  return value.map((v: unknown, i: number) => elem(v, path + "[" + i + "]"));
}

/** Checks a map key; integer keys are decimal text, enum keys their values. */
export type KeyCheck = (key: string, path: string) => void;

/** Keys of Go maps with string keys: anything. */
export function anyKey(): void {}

/** Keys of Go maps with signed integer keys. */
export function intKey(key: string, path: string): void {
  digits(key, path, true);
}

/** Keys of Go maps with unsigned integer keys. */
export function uintKey(key: string, path: string): void {
  digits(key, path, false);
}

/** A map: an object with checked keys, or null (a nil map), which reads as {}. */
export function dict<T>(value: unknown, path: string, key: KeyCheck, elem: (value: unknown, path: string) => T): { [key: string]: T } {
  if (value === null) {
    return {};
  }
  const o = object(value, path);
  // fromEntries defines own properties, so a key "__proto__" stays a key.
  return Object.fromEntries(
    Object.keys(o).map((k) => {
      const p = path + "[" + JSON.stringify(k) + "]";
      key(k, p);
      return [k, elem(o[k], p)];
    }),
  );
}

/** Encodes every value of a map. */
export function mapValues<T>(value: { readonly [key: string]: T }, f: (value: T) => unknown): { [key: string]: unknown } {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, f(v)]));
}

/** The member name of o, found at path, decoded by inner; undefined when it is missing or null. */
export function optional<T>(o: JsonObject, name: string, path: string, inner: (value: unknown, path: string) => T): T | undefined {
  const value = member(o, name);
  return value === undefined || value === null ? undefined : inner(value, path);
}

/** Sets a member, even one named "__proto__". */
export function put(o: { [member: string]: unknown }, name: string, value: unknown): void {
  Object.defineProperty(o, name, { value, enumerable: true, writable: true, configurable: true });
}
`
