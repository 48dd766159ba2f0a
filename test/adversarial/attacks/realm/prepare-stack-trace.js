// attack: Error.prepareStackTrace, to reach host-realm functions through call sites (fixed in the guest realm: the assignment does nothing, stacks stay strings)
// expect: value "string"
Error.prepareStackTrace = (_error, sites) =>
  sites
    .map((site) => site.getFunction?.())
    .filter((fn) => typeof fn === 'function' && !(fn instanceof Function));
const foreign = [1].map(() => new Error().stack)[0];
Array.isArray(foreign) ? `${foreign.length} host-realm functions` : typeof foreign;
