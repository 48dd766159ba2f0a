// attack: awaits a promise that never settles, catching everything it can
// expect: error TimeoutError WALL_TIMEOUT
// options: {"timeoutMs": 500}
try {
  await new Promise(() => {});
} catch {
  ('caught');
} finally {
  ('finally');
}
