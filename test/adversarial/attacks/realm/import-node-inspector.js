// attack: open the inspector (node:inspector) to debug the host side of the guest process through import(), from the realm and from the host realm's Function
// expect: value ["blocked: TypeError", "blocked: EvalError"]
const tryImport = async (load) => {
  try {
    const inspector = await load();
    return typeof inspector.open;
  } catch (error) {
    return 'blocked: ' + error.name;
  }
};
const HostFunction = URL.constructor.constructor;
[
  await tryImport(() => import('node:inspector')),
  await tryImport(() => HostFunction('return import("node:inspector")')()),
];
