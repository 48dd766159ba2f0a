// attack: JSON.stringify of an object nested a hundred thousand levels deep
// expect: error JavaScriptError JAVASCRIPT_ERROR
// message: ^RangeError: Maximum call stack size exceeded
// options: {"memoryLimit": "256mb", "timeoutMs": 60000}
let o = {};
for (let i = 0; i < 1e5; i++) o = { o };
JSON.stringify(o).length;
