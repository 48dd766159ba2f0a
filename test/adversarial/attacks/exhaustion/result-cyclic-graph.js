// attack: a result whose graph is full of cycles (self, mutual, through Map and Set), with an uncloneable function reached only after every cycle
// expect: error JavaScriptError JAVASCRIPT_ERROR
// message: ^DataCloneError: function at value\.last could not be cloned
// options: {"timeoutMs": 30000}
const a = { name: 'a' };
const b = { name: 'b', a };
a.self = a;
a.b = b;
a.map = new Map([[a, b]]);
a.set = new Set([a, b, a.map]);
b.list = [a, b, a.set, a.map];
b.list.push(b.list);
a.last = () => 'not cloneable';
a;
