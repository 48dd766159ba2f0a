/** A horizontal bar chart on a log scale, as a standalone SVG document. No dependencies. */
import { duration } from './format.js';

export type BarKind = 'bunker' | 'peer' | 'baseline';

export interface Bar {
  label: string;
  /** Milliseconds, > 0. */
  value: number;
  kind: BarKind;
  /** Bars with the same group are drawn under one heading, in the order given. */
  group?: string;
}

const COLORS: Record<BarKind, string> = {
  bunker: '#2563eb',
  peer: '#d97706',
  baseline: '#6b7280',
};
const LEGEND: Record<BarKind, string> = {
  bunker: 'bunker',
  peer: 'other sandboxes',
  baseline: 'baseline (no sandbox)',
};

const PLOT_WIDTH = 480;
const VALUE_WIDTH = 90;
/** Average advance of a 13 px sans-serif character, generous so that labels never clip. */
const CHAR_WIDTH = 7.2;
const ROW = 26;
const TOP = 64;
const BOTTOM = 56;

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Axis labels: whole decades, so 10 µs … 1 s. */
const decade = (ms: number) =>
  ms < 1 ? `${Math.round(ms * 1000)} µs` : ms < 1000 ? `${Math.round(ms)} ms` : `${ms / 1000} s`;

export function barChart(title: string, subtitle: string, bars: Bar[]): string {
  const shown = bars.filter((b) => Number.isFinite(b.value) && b.value > 0);
  // One row per bar, plus one per group heading.
  const rows: (Bar | string)[] = [];
  for (const bar of shown) {
    if (bar.group !== undefined && !rows.includes(bar.group)) rows.push(bar.group);
    rows.push(bar);
  }
  const labelWidth = Math.round(24 + CHAR_WIDTH * Math.max(...shown.map((b) => b.label.length)));
  const width = Math.round(
    Math.max(labelWidth + PLOT_WIDTH + VALUE_WIDTH, 16 + CHAR_WIDTH * subtitle.length),
  );
  const lo = Math.floor(Math.log10(Math.min(...shown.map((b) => b.value))));
  const hi = Math.ceil(Math.log10(Math.max(...shown.map((b) => b.value))));
  const x = (ms: number) =>
    labelWidth + ((Math.log10(ms) - lo) / Math.max(1, hi - lo)) * PLOT_WIDTH;
  const height = TOP + rows.length * ROW + BOTTOM;
  const axisY = TOP + rows.length * ROW;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="13">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="16" y="26" font-size="17" font-weight="600">${escape(title)}</text>`,
    `<text x="16" y="46" fill="#4b5563">${escape(subtitle)}</text>`,
  ];
  for (let power = lo; power <= hi; power++) {
    const gx = x(10 ** power).toFixed(1);
    parts.push(
      `<line x1="${gx}" y1="${TOP - 6}" x2="${gx}" y2="${axisY}" stroke="#e5e7eb"/>`,
      `<text x="${gx}" y="${axisY + 16}" text-anchor="middle" fill="#4b5563">${escape(decade(10 ** power))}</text>`,
    );
  }
  rows.forEach((bar, i) => {
    const y = TOP + i * ROW;
    if (typeof bar === 'string') {
      parts.push(`<text x="16" y="${y + 17}" font-weight="600">${escape(bar)}</text>`);
      return;
    }
    const end = x(bar.value);
    parts.push(
      `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end">${escape(bar.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 4}" width="${Math.max(1, end - labelWidth).toFixed(1)}" height="${ROW - 8}" fill="${COLORS[bar.kind]}"/>`,
      `<text x="${(end + 6).toFixed(1)}" y="${y + 17}">${escape(duration(bar.value))}</text>`,
    );
  });
  let legendX = labelWidth;
  for (const kind of Object.keys(COLORS) as BarKind[]) {
    if (!shown.some((b) => b.kind === kind)) continue;
    parts.push(
      `<rect x="${legendX}" y="${axisY + 30}" width="12" height="12" fill="${COLORS[kind]}"/>`,
      `<text x="${legendX + 18}" y="${axisY + 41}">${escape(LEGEND[kind])}</text>`,
    );
    legendX += 40 + LEGEND[kind].length * 7;
  }
  parts.push(`<text x="16" y="${axisY + 16}" fill="#4b5563">log scale</text>`, '</svg>');
  return parts.join('\n') + '\n';
}
