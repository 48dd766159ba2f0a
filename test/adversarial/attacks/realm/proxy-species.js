// attack: Symbol.species on a Proxy-wrapped array, to have a host built-in construct with an attacker's constructor and receive host objects
// expect: value [2, 1, "1"]
const seen = [];
class Spy extends Array {
  static get [Symbol.species]() {
    return function (...args) {
      seen.push(args.map((a) => typeof a));
      return new Array(...args);
    };
  }
}
const mapped = new Proxy(Spy.from([1, 2]), {}).map((x) => x * 2);
[mapped.length, seen.length, new Headers([['a', '1']]).get('a')];
