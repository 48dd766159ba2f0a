// attack: a string passed to setTimeout is code, like eval
// expect: value ["blocked: TypeError", "not run"]
let out;
try {
  setTimeout('globalThis.ran = 1', 0);
  out = 'scheduled';
} catch (e) {
  out = 'blocked: ' + e.name;
}
await new Promise((r) => setTimeout(r, 20));
[out, globalThis.ran ?? 'not run'];
