// attack: unbounded recursion with the largest stackLimit (64 MiB) and memory to hold it: still a RangeError, not a crash
// expect: error JavaScriptError JAVASCRIPT_ERROR
// message: ^RangeError: Maximum call stack size exceeded
// options: {"stackLimit": "64mb", "memoryLimit": "256mb", "timeoutMs": 60000}
function f(a, b, c, d, e, g, h, i) {
  const x = [a, b, c, d, e, g, h, i];
  return f(x, a, b, c, d, e, g, h) + x.length;
}
f(1, 2, 3, 4, 5, 6, 7, 8);
