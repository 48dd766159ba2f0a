// attack: a 30 MiB typed array as the result: its base64 encoding is over the frame limit
// expect: error JavaScriptError JAVASCRIPT_ERROR
// message: ^RangeError: the result is \d+ bytes encoded
// options: {"memoryLimit": "1gb", "timeoutMs": 60000}
new Uint8Array(30 * 1024 * 1024).fill(255);
