// attack: the Function constructor of a method of Bun's realm: new Response('x').text.constructor('return 42')()
// expect: error JavaScriptError JAVASCRIPT_ERROR
// message: ^EvalError: Code generation from strings disallowed for this context$
new Response('x').text.constructor('return 42')();
