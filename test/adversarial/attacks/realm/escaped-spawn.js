// attack: escape to Bun through a host-realm object (URL's constructor's constructor), then spawn a process
// expect: error JavaScriptError JAVASCRIPT_ERROR
// message: ^EvalError: Code generation from strings disallowed for this context$
const Bun = URL.constructor.constructor('return Bun')();
Bun.spawn(['/bin/sleep', '5']);
await new Promise((resolve) => setTimeout(resolve, 3000));
