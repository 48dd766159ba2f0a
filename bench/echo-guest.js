// Floor for Sandbox#eval: a bare Bun process echoing each line from stdin back on fd 3.
/* global Bun */
const { writeSync } = require('node:fs');
const reader = Bun.stdin.stream().getReader();
(async () => {
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    writeSync(3, value);
  }
})();
