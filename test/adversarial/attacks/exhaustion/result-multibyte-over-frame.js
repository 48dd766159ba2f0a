// attack: a result of 12 Mi three-byte characters: 12 Mi UTF-16 units but 36 MiB of UTF-8 on the wire
// expect: error JavaScriptError JAVASCRIPT_ERROR
// message: ^RangeError: the result is \d+ bytes encoded, more than the \d+-byte limit$
// options: {"memoryLimit": "512mb", "timeoutMs": 60000}
'€'.repeat(12 * 1024 * 1024);
