// attack: the classic escape, this.constructor.constructor('return process')()
// expect: value "blocked: EvalError"
let out;
try {
  out = typeof this.constructor.constructor('return process')();
} catch (error) {
  out = 'blocked: ' + error.name;
}
out;
