// attack: one console line larger than a protocol frame (40 MiB), to break the channel instead of being truncated
// expect: value "logged"
// options: {"memoryLimit": "512mb", "timeoutMs": 60000}
console.log('x'.repeat(40 * 1024 * 1024));
('logged');
