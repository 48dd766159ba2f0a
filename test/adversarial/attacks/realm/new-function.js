// attack: new Function compiles a string
// expect: value "blocked: EvalError"
let out;
try {
  out = new Function('return 1')();
} catch (e) {
  out = 'blocked: ' + e.name;
}
out;
