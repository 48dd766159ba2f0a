// attack: open the inspector (node:inspector) to debug the host side of the guest process
// expect: value ["blocked: TypeError", "blocked: TypeError"]
const tryImport = (load) =>
  load().then(
    (inspector) => typeof inspector.open,
    (error) => 'blocked: ' + error.name,
  );
const HostFunction = URL.constructor.constructor;
[
  await tryImport(() => import('node:inspector')),
  await tryImport(() => HostFunction('return import("node:inspector")')()),
];
