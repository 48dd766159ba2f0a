// attack: a console line of control characters, six times larger once JSON-escaped, to pass a frame's size after the guest's check
// expect: value "logged"
// options: {"memoryLimit": "512mb", "timeoutMs": 60000, "consoleMaxBytes": 268435456}
console.log('\u0001'.repeat(6 * 1024 * 1024));
('logged');
