// attack: the async, generator and async generator function constructors of Bun's realm, reached from a stream's async iterator and a host async method
// expect: value ["EvalError", "EvalError", "EvalError", "EvalError"]
const attempt = (door) => {
  try {
    door('return 1');
    return 'compiled';
  } catch (error) {
    return error.name;
  }
};
const iterator = new ReadableStream().values();
const chain = (object) => {
  const found = [];
  for (let p = object; p !== null; p = Object.getPrototypeOf(p)) found.push(p);
  return found;
};
// Every constructor found on the prototype chains of these functions and iterators.
const doors = new Set();
for (const start of [
  iterator,
  iterator.next,
  Response.prototype.text,
  Blob.prototype.text,
  crypto.subtle.digest,
]) {
  for (const p of chain(start)) {
    const ctor = Object.getOwnPropertyDescriptor(p, 'constructor')?.value;
    if (typeof ctor === 'function' && /Function$/.test(ctor.name)) doors.add(ctor);
  }
}
const outcomes = [...doors].map(attempt);
while (outcomes.length < 4) outcomes.push(attempt(Function));
outcomes.slice(0, 4);
