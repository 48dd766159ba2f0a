/**
 * Edits to a script that keep every original position recoverable: insertions, and replacements
 * by text of the same length. A PositionMap then turns a line:column of the edited text (what
 * JavaScriptCore reports) back into the line:column the user wrote.
 */

interface Insertion {
  at: number;
  text: string;
  order: number;
}

export class Edits {
  private readonly insertions: Insertion[] = [];
  private readonly replacements: { at: number; text: string }[] = [];

  /** Text placed before original offset `at` (several at one offset keep their call order). */
  insert(at: number, text: string): void {
    this.insertions.push({ at, text, order: this.insertions.length });
  }

  /** Text placed before everything else, whenever it is added. */
  prepend(text: string): void {
    this.insertions.push({ at: 0, text, order: -1 });
  }

  /** Overwrites original text with text of the same length (a keyword with spaces, say). */
  overwrite(at: number, text: string): void {
    this.replacements.push({ at, text });
  }

  get empty(): boolean {
    return this.insertions.length === 0 && this.replacements.length === 0;
  }

  apply(code: string): { text: string; map: PositionMap } {
    let source = code;
    for (const { at, text } of this.replacements)
      source = source.slice(0, at) + text + source.slice(at + text.length);
    const sorted = [...this.insertions].sort((a, b) => a.at - b.at || a.order - b.order);
    const pieces: string[] = [];
    let from = 0;
    for (const { at, text } of sorted) {
      pieces.push(source.slice(from, at), text);
      from = at;
    }
    pieces.push(source.slice(from));
    const text = pieces.join('');
    return { text, map: new PositionMap(code, text, sorted) };
  }
}

const lineStarts = (text: string): number[] => {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
};

/** Lines and columns are 1-based, as JavaScriptCore reports them. */
export class PositionMap {
  private readonly original: number[];
  private readonly generated: number[];

  constructor(
    code: string,
    text: string,
    private readonly insertions: readonly Insertion[],
  ) {
    this.original = lineStarts(code);
    this.generated = lineStarts(text);
  }

  /** Undefined inside inserted text: a position of the wrapper, not of the user's code. */
  toOriginal(line: number, column: number): { line: number; column: number } | undefined {
    const start = this.generated[line - 1];
    if (start === undefined) return undefined;
    const offset = start + column - 1;
    let shift = 0;
    for (const { at, text } of this.insertions) {
      const begins = at + shift;
      if (offset < begins) break;
      if (offset < begins + text.length) return undefined;
      shift += text.length;
    }
    const original = offset - shift;
    let index = 0;
    while (index + 1 < this.original.length && this.original[index + 1]! <= original) index++;
    return { line: index + 1, column: original - this.original[index]! + 1 };
  }
}
