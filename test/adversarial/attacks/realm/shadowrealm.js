// attack: new ShadowRealm().evaluate(string) with allowEval off: a fresh realm that compiles strings and holds process
// expect: value "blocked: ReferenceError"
let out;
try {
  out = new ShadowRealm().evaluate('typeof process');
} catch (error) {
  out = 'blocked: ' + error.name;
}
out;
