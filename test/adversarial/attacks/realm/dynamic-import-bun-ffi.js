// attack: import() of bun:ffi
// expect: value "blocked: TypeError"
let out;
try {
  out = typeof (await import('bun:ffi')).dlopen;
} catch (e) {
  out = 'blocked: ' + e.name;
}
out;
