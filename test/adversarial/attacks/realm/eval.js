// attack: eval a string with allowEval off
// expect: value "blocked: EvalError"
let out;
try {
  out = eval('1 + 1');
} catch (e) {
  out = 'blocked: ' + e.name;
}
out;
