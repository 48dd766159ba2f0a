// attack: catastrophically backtracking regexes (exponential in the input), one input after another; JSC gives up on one match after about a second of backtracking, so it takes many
// expect: error TimeoutError WALL_TIMEOUT
// options: {"timeoutMs": 1000, "cpuTimeMs": 60000}
const evil = /^(a+)+$/;
let matched = 0;
for (let i = 0; i < 1e6; i++) if (evil.test('a'.repeat(64 + (i % 8)) + 'b')) matched++;
matched;
