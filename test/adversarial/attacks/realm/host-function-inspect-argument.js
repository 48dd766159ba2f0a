// attack: the third argument console.log hands a custom inspect method (node:util's inspect, of Bun's realm): its Function constructor
// expect: value "EvalError"
let outcome = 'not called';
console.log({
  [Symbol.for('nodejs.util.inspect.custom')](_depth, _options, inspect) {
    try {
      outcome = typeof inspect.constructor('return Bun')();
    } catch (error) {
      outcome = error.name;
    }
    return '';
  },
});
outcome;
