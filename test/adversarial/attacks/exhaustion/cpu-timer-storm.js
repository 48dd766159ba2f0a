// attack: a storm of zero-delay intervals and self-rescheduling timeouts that never lets the eval drain
// expect: error TimeoutError WALL_TIMEOUT
// options: {"timeoutMs": 1000, "cpuTimeMs": 60000, "memoryLimit": "1gb"}
for (let i = 0; i < 1000; i++) setInterval(() => {}, 0);
const again = () => {
  setTimeout(again, 0);
  setTimeout(again, 0);
};
for (let i = 0; i < 100; i++) again();
('scheduled');
