// attack: import() of a blob: URL module
// expect: value "blocked: TypeError"
let out;
try {
  const url = URL.createObjectURL(
    new Blob(['export default typeof process'], { type: 'text/javascript' }),
  );
  out = (await import(url)).default;
} catch (e) {
  out = 'blocked: ' + e.name;
}
out;
