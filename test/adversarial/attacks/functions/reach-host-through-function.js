// attack: reach the host through the host functions it was given: their constructor, caller, prototype and properties, `new`, arguments that are functions, getters or proxies, the objects they return and the errors they throw
// expect: value ["constructor: EvalError","constructor is the realm Function: true","prototype chain: true","own properties: length,name","caller: TypeError","new: TypeError","a function as argument: DataCloneError","caller of a getter the runtime copies: TypeError","a proxy as argument: Error","a copy comes back: true","what comes back is of this realm: true","error name: HostFunctionError","error of this realm: true","error message: boom","error stack has no host frame: true","error constructor: EvalError","replacing it changes only this realm: mine"]
// functions: echo, host.fail
/* global echo: writable, host: readonly -- the host functions this attack is given */
const out = [];
const attempt = (what, f) => {
  try {
    out.push(`${what}: ${String(f())}`);
  } catch (e) {
    out.push(`${what}: ${e?.name}`);
  }
};
attempt('constructor', () => echo.constructor('return process')());
attempt('constructor is the realm Function', () => echo.constructor === Function);
attempt('prototype chain', () => Object.getPrototypeOf(echo) === Function.prototype);
attempt('own properties', () => Reflect.ownKeys(echo).join());
attempt('caller', () => echo.caller);
attempt('new', () => new echo());
attempt('a function as argument', () => echo(() => 1));
const getter = {
  get x() {
    const self = Object.getOwnPropertyDescriptor(getter, 'x').get;
    return self.caller === null ? 'null' : typeof self.caller;
  },
};
attempt('caller of a getter the runtime copies', () => echo(getter)[0].x);
attempt('a proxy as argument', () =>
  echo(
    new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap');
        },
      },
    ),
  ),
);
const mine = { a: 1 };
attempt('a copy comes back', () => echo(mine)[0] !== mine && echo(mine)[0].a === 1);
attempt(
  'what comes back is of this realm',
  () => echo([])[0] instanceof Array && echo({})[0].constructor === Object,
);
try {
  host.fail();
} catch (e) {
  attempt('error name', () => e.name);
  attempt('error of this realm', () => Object.getPrototypeOf(e) === Error.prototype);
  attempt('error message', () => e.message);
  attempt(
    'error stack has no host frame',
    () => !/\/(work|home|tmp|usr)\/|node:|\.ts:/.test(e.stack),
  );
  attempt('error constructor', () => e.constructor.constructor('return process')());
}
attempt('replacing it changes only this realm', () => {
  echo = () => 'mine';
  return echo();
});
out;
