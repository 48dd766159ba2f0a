// attack: compile WebAssembly from bytes with allowEval off
// expect: value "blocked: CompileError"
const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
let out;
try {
  await WebAssembly.compile(bytes);
  out = 'compiled';
} catch (e) {
  out = 'blocked: ' + e.name;
}
out;
