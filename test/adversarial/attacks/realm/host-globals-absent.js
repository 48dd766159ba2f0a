// attack: look for the host's doors on the global object
// expect: value ["undefined", "undefined", "undefined", "undefined", "undefined", "undefined", "undefined"]
[
  typeof process,
  typeof require,
  typeof module,
  typeof Bun,
  typeof Worker,
  typeof __dirname,
  typeof globalThis.process,
];
