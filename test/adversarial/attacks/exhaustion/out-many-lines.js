// attack: a million console lines
// expect: value "logged"
// options: {"timeoutMs": 60000}
for (let i = 0; i < 1e6; i++) console.log(i);
('logged');
