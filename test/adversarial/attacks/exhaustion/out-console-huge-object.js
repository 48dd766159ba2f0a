// attack: console.log of huge, wide and deeply nested objects and arrays (formatted in the guest)
// expect: value "logged"
// options: {"memoryLimit": "512mb", "timeoutMs": 60000}
const wide = {};
for (let i = 0; i < 2e4; i++) wide['k' + i] = 'v'.repeat(100);
let deep = {};
for (let i = 0; i < 1e4; i++) deep = { deep, [i]: [i] };
const cyclic = { wide };
cyclic.self = cyclic;
console.log(wide, new Array(1e6).fill('y'), deep, new Map([[wide, deep]]), cyclic);
console.log('%s %o %j', wide, deep, wide);
('logged');
