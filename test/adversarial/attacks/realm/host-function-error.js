// attack: the Function constructor behind an error Bun's realm threw (new URL(''))
// expect: value "EvalError true"
const thrown = (() => {
  try {
    new URL('');
  } catch (error) {
    return error;
  }
})();
(() => {
  try {
    return typeof thrown.constructor.constructor('return Bun')();
  } catch (error) {
    return `${error.name} ${error instanceof EvalError}`;
  }
})();
