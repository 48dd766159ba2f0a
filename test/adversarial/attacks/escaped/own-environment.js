// attack: after escaping, read its own environment for host secrets
// guest: escaped
// expect: value ["HOME", "LANG", "NO_COLOR", "TZ"]
(await Bun.file('/proc/self/environ').text())
  .split('\0')
  .filter(Boolean)
  .map((entry) => entry.split('=')[0])
  .sort();
