// attack: compile a string through the Function constructor behind every class and function the realm's globals hold of Bun's realm (Class.constructor, and each prototype member's constructor)
// expect: value {"enough": true, "compiled": []}
const foreign = Object.getOwnPropertyNames(globalThis)
  .map((name) => [name, globalThis[name]])
  .filter(([, value]) => typeof value === 'function' && !(value instanceof Function));
const compiled = [];
for (const [name, C] of foreign) {
  const members = C.prototype ? Object.getOwnPropertyNames(C.prototype) : [];
  const doors = [
    C.constructor,
    ...members.map((key) => {
      const d = Object.getOwnPropertyDescriptor(C.prototype, key);
      return (d.value ?? d.get)?.constructor;
    }),
  ];
  for (const door of doors) {
    // Only the function constructors: a constant's Number('…') compiles nothing.
    if (typeof door !== 'function' || !/Function$/.test(door.name)) continue;
    try {
      door('return Bun')();
      compiled.push(name);
    } catch (error) {
      if (!(error instanceof EvalError)) compiled.push(`${name}: ${error}`);
    }
  }
}
// The web classes (URL, Response, the streams, …) are all of Bun's realm.
({ enough: foreign.length >= 37, compiled });
