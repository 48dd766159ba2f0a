/**
 * Writes this run's tables into BENCHMARKS.md between two markers. Everything outside them (the
 * machine description, the notes, other sections) is left byte for byte as it was.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export const BEGIN = '<!-- bench:begin: written by `npm run bench`, edits here are overwritten -->';
export const END = '<!-- bench:end -->';

/** False (and the file untouched) when the markers are missing or out of order. */
export function spliceResults(path: string, markdown: string): boolean {
  const text = readFileSync(path, 'utf8');
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) return false;
  writeFileSync(
    path,
    `${text.slice(0, begin + BEGIN.length)}\n\n${markdown}\n\n${text.slice(end)}`,
  );
  return true;
}
