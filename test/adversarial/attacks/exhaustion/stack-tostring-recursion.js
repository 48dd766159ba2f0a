// attack: recursion through implicit conversions: toString calls String() on itself, via template literals and valueOf
// expect: error JavaScriptError JAVASCRIPT_ERROR
// message: ^RangeError: Maximum call stack size exceeded
// options: {"timeoutMs": 30000}
const o = {
  toString() {
    return `${this}`;
  },
  valueOf() {
    return String(this);
  },
};
'' + o;
