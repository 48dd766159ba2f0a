// attack: the Function constructor behind a promise Bun's realm made (Response#text), and behind its then
// expect: value ["EvalError", "EvalError"]
const promise = new Response('x').text();
const attempt = (door) => {
  try {
    return typeof door('return Bun')();
  } catch (error) {
    return error.name;
  }
};
[attempt(promise.constructor.constructor), attempt(promise.then.constructor)];
