// attack: the generator function constructor, reached through a generator
// expect: value "blocked: EvalError"
let out;
try {
  out = function* () {}.constructor('yield typeof process')().next().value;
} catch (e) {
  out = 'blocked: ' + e.name;
}
out;
