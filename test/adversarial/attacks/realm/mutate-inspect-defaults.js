// attack: change node:util's inspect defaults (shared by every console.log of the process) through the inspect a custom inspect method receives
// expect: value ["TypeError", "TypeError", "{ a: { b: { c: {} } } }"]
'use strict';
const custom = Symbol.for('nodejs.util.inspect.custom');
const outcomes = [];
console.log({
  [custom](_depth, _options, inspect) {
    for (const attempt of [
      () => (inspect.defaultOptions.depth = 0),
      () => (inspect.defaultOptions = { depth: 0 }),
    ]) {
      try {
        attempt();
        outcomes.push('changed');
      } catch (error) {
        outcomes.push(error.name);
      }
    }
    return '';
  },
});
// How a nested object prints now: with depth 0 it would be "{ a: [Object] }".
let text;
console.log({
  [custom](_depth, _options, inspect) {
    text = inspect({ a: { b: { c: {} } } });
    return '';
  },
});
[...outcomes, text];
