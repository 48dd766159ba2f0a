// attack: reach bun:sqlite (and its loadExtension, which loads native code) through import(), from the realm and from the host realm's Function
// expect: value ["blocked: TypeError", "blocked: TypeError"]
const tryImport = (load) =>
  load().then(
    (sqlite) => typeof sqlite.Database,
    (error) => 'blocked: ' + error.name,
  );
const HostFunction = URL.constructor.constructor;
[
  await tryImport(() => import('bun:sqlite')),
  await tryImport(() => HostFunction('return import("bun:sqlite")')()),
];
