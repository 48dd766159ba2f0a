// attack: after escaping the realm, schedules with the host realm's timers (which the eval does not wait for) a CPU spin, a memory bomb and a spawn, all due after the result is sent
// expect: value "returned"
// then: 1 + 1
// then-expect: value 2
const hostTimer = URL.constructor.constructor('return setTimeout')();
const hostInterval = URL.constructor.constructor('return setInterval')();
const Bun = URL.constructor.constructor('return Bun')();
hostTimer(() => {
  for (;;) {}
}, 2500);
const hoard = [];
hostInterval(() => hoard.push(new Uint8Array(1 << 24).fill(1)), 500);
hostTimer(() => Bun.spawn(['/bin/sleep', '30']), 2000);
('returned');
