// attack: reach bun:sqlite (and its loadExtension, which loads native code) through import(), from the realm and from the host realm's Function
// expect: value ["blocked: TypeError", "blocked: EvalError"]
const tryImport = async (load) => {
  try {
    const sqlite = await load();
    return typeof sqlite.Database;
  } catch (error) {
    return 'blocked: ' + error.name;
  }
};
const HostFunction = URL.constructor.constructor;
[
  await tryImport(() => import('bun:sqlite')),
  await tryImport(() => HostFunction('return import("bun:sqlite")')()),
];
