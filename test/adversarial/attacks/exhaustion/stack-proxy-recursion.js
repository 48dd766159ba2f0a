// attack: recursion through a Proxy whose get trap reads from the proxy itself
// expect: error JavaScriptError JAVASCRIPT_ERROR
// message: ^RangeError: Maximum call stack size exceeded
// options: {"timeoutMs": 30000}
const p = new Proxy({}, { get: (target, key, receiver) => receiver[key] });
p.x;
