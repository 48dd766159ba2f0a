// attack: a result nested a hundred thousand levels deep
// expect: error JavaScriptError JAVASCRIPT_ERROR
// message: nesting deeper than 1000
// options: {"memoryLimit": "256mb", "timeoutMs": 30000}
let v = [];
for (let i = 0; i < 1e5; i++) v = [v];
v;
