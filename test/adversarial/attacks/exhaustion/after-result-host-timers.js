// attack: after escaping the realm, schedules with the host realm's timers (which the eval does not wait for) a CPU spin, a memory bomb and a spawn, all due after the result is sent
// guest: escaped
// expect: value "returned"
// then: 1 + 1
// then-expect: value 2
const hostTimer = BunRealm.setTimeout;
const hostInterval = BunRealm.setInterval;
hostTimer(() => {
  for (;;) {}
}, 2500);
const hoard = [];
hostInterval(() => hoard.push(new Uint8Array(1 << 24).fill(1)), 500);
hostTimer(() => Bun.spawn(['/bin/sleep', '30']), 2000);
('returned');
