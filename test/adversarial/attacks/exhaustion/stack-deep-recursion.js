// attack: unbounded recursion, the RangeError caught and the recursion started again from the top
// expect: error JavaScriptError JAVASCRIPT_ERROR
// message: ^RangeError: Maximum call stack size exceeded
// options: {"timeoutMs": 30000}
const f = (n) => f(n + 1) + 1;
let caught = 0;
for (let i = 0; i < 3; i++) {
  try {
    f(0);
  } catch {
    caught++;
  }
}
f(caught);
