/** Writes a benchmark's results as the repository formats JSON, so `prettier --check` stays clean after a run. */
import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';

const round = (_key: string, value: unknown) =>
  typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(6)) : value;

export async function writeResults(path: string, results: unknown): Promise<void> {
  const json = await format(JSON.stringify(results, round), {
    ...(await resolveConfig(path)),
    filepath: path,
  });
  writeFileSync(path, json);
}
