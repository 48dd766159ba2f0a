// attack: a result larger than a frame may carry (48 MiB of strings)
// expect: error JavaScriptError JAVASCRIPT_ERROR
// message: ^RangeError: the result is \d+ bytes encoded
// options: {"memoryLimit": "1gb", "timeoutMs": 60000}
const chunk = 'z'.repeat(1024 * 1024);
Array.from({ length: 48 }, (_, i) => chunk + i);
