// attack: after escaping, read its own environment for host secrets
// expect: value ["HOME", "LANG", "NO_COLOR", "TZ"]
const Bun = URL.constructor.constructor('return Bun')();
(await Bun.file('/proc/self/environ').text())
  .split('\0')
  .filter(Boolean)
  .map((entry) => entry.split('=')[0])
  .sort();
