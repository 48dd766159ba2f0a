/**
 * Value codec for the host <-> guest wire (see docs/values.md for the user-facing table).
 *
 * Semantics follow the structured clone algorithm, but the encoding is JSON: `JSON.stringify(encodeValue(x))`
 * is the wire form. Imported by both the guest (Bun) and the host (Node), so it depends on nothing but the
 * language itself (no node:/bun: modules, no packages). toJSONValue lives in values-json.ts, re-exported below.
 *
 * Wire format: plain JSON data encodes to itself. Everything else is a "tagged node", an object with a `$t` key:
 *   {"$t":"undefined"}                       {"$t":"number","v":"NaN"|"Infinity"|"-Infinity"|"-0"}
 *   {"$t":"bigint","v":"-123"}               {"$t":"Date","v":1700000000000}  (v: null = invalid Date)
 *   {"$t":"RegExp","source":"a+","flags":"g"}
 *   {"$t":"Map","v":[[k,v],...]}             {"$t":"Set","v":[x,...]}
 *   {"$t":"ArrayBuffer"|"Uint8Array"|...|"DataView","b":"<base64 of the bytes>"}
 *   {"$t":"Error","name":"TypeError","message":"...","stack"?:"...","cause"?:x}
 *   {"$t":"object","v":{...}}                a plain object that has its own "$t" key, or that needs an id
 *   {"$t":"array","v":[...]}                 an array that needs an id
 *   {"$t":"ref","id":3}                      the object defined earlier with "id":3
 * Any object-valued tagged node may carry "id" (a positive integer). Ids are only assigned to objects that are
 * actually reached twice, so the common tree-shaped value carries no bookkeeping. A definition always precedes
 * its refs in depth-first order (object keys in JSON order, Map key before value), which is what lets the
 * decoder resolve refs in one pass, including cycles (the container is registered before its children).
 */

export { encodeValue } from './values-encode.js';
export { decodeValue } from './values-decode.js';
export { MAX_DEPTH } from './values-kinds.js';
export { ValueDecodeError, ValueEncodeError } from './values-errors.js';
