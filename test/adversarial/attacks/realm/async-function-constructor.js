// attack: the async function constructor, reached through an async function
// expect: value "blocked: EvalError"
let out;
try {
  out = await (async () => {}).constructor('return typeof process')();
} catch (e) {
  out = 'blocked: ' + e.name;
}
out;
