/** Errors of the value codec. */

/** Thrown by encodeValue for values structured clone cannot copy (name matches the DOM's DataCloneError). */
export class ValueEncodeError extends Error {
  /** Where the problem is, e.g. `value.a[0]`. */
  readonly path: string;
  constructor(message: string, path: string) {
    super(message);
    this.path = path;
  }
}
/** Thrown by decodeValue when the (untrusted) wire data is malformed. */
export class ValueDecodeError extends Error {}
// On the prototype (like built-in errors) so the name is not an enumerable own property of every instance.
for (const [C, name] of [
  [ValueEncodeError, 'DataCloneError'],
  [ValueDecodeError, 'ValueDecodeError'],
] as const) {
  Object.defineProperty(C.prototype, 'name', { value: name, writable: true, configurable: true });
}
