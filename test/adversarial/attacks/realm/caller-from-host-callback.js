// attack: read .caller of a function the host realm calls (ToString inside the URL constructor)
// expect: value "null"
let seen = 'not called';
function toString() {
  seen = toString.caller === null ? 'null' : typeof toString.caller;
  return 'http://example.test/';
}
new URL({ toString });
seen;
