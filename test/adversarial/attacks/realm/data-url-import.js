// attack: import() of a data: URL module that reads process
// expect: value "blocked: TypeError"
let out;
try {
  out = (await import('data:text/javascript,export default typeof process')).default;
} catch (e) {
  out = 'blocked: ' + e.name;
}
out;
