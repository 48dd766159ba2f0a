// attack: a "billion laughs" result: 40 levels of two references to one array (2^40 paths if expanded), then an uncloneable symbol after it
// expect: error JavaScriptError JAVASCRIPT_ERROR
// message: ^DataCloneError: symbol at value\[2\] could not be cloned
// options: {"timeoutMs": 60000}
let v = ['lol'];
for (let i = 0; i < 40; i++) v = [v, v];
[v, v, Symbol('after the expansion')];
