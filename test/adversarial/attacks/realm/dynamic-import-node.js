// attack: import() of a node: module
// expect: value "blocked: TypeError"
let out;
try {
  const fs = await import('node:fs');
  out = typeof fs.readFileSync;
} catch (e) {
  out = 'blocked: ' + e.name;
}
out;
