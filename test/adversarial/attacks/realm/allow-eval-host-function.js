// attack: with allowEval on, compile through the Function constructor of Bun's realm and look for Bun and process there
// expect: value [42, "undefined undefined", "function"]
// options: {"allowEval": true}
[
  URL.constructor.constructor('return 40 + 2')(),
  URL.constructor.constructor('return typeof Bun + " " + typeof process')(),
  typeof new Response('x').text.constructor('return 1'),
];
