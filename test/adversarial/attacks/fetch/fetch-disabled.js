// attack: fetch with no http option, to the suite's server and to loopback
// expect: value ["HTTPBlockedError: fetch is not enabled (no http option was given)","HTTPBlockedError: fetch is not enabled (no http option was given)"]
// hits: 0
const out = [];
for (const url of [TARGET.origin, `http://127.0.0.1:${TARGET.port}/`])
  out.push(
    await fetch(url).then(
      (r) => `reached ${r.status}`,
      (e) => `${e.name}: ${e.message}`,
    ),
  );
out;
