// attack: after escaping, map the host filesystem: read the files at /, list the host's own directories
// guest: escaped
// expect: value [[], []]
const list = (dir) => {
  try {
    return [...new Bun.Glob('*').scanSync({ cwd: dir, onlyFiles: false, dot: true })];
  } catch {
    return [];
  }
};
const readable = [];
for (const name of list('/')) {
  const file = Bun.file('/' + name);
  if (await file.exists())
    await file.text().then(
      () => readable.push(name),
      () => {},
    );
}
const hostDirs = [
  '/root',
  '/home',
  '/var',
  '/opt',
  '/srv',
  '/mnt',
  '/etc',
  '/boot',
  '/media',
  '/run',
];
[readable, hostDirs.filter((dir) => list(dir).length > 0)];
