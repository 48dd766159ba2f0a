// attack: one 16 MiB console line, far past consoleMaxBytes
// expect: value "logged"
// options: {"memoryLimit": "512mb", "timeoutMs": 60000}
console.log('x'.repeat(16 * 1024 * 1024));
('logged');
