/**
 * Splits the client's byte stream into lines for the server. Unlike the host↔guest splitter, a line
 * over the cap is not fatal: it is skipped up to its newline (never buffered beyond the cap) and
 * reported once, with its first bytes so the request id can still be read; the lines around it are
 * delivered untouched.
 */

/** Bytes of an oversized line kept for reading its id. */
export const OVERSIZED_PREFIX_BYTES = 1024;

export interface LineSink {
  line: (line: Buffer) => void;
  /** A line longer than the cap; `prefix` is its first bytes. */
  oversized: (prefix: Buffer) => void;
}

export class LineReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Inside an oversized line: drop bytes until its newline. */
  private skipping = false;

  constructor(
    private readonly maxLine: number,
    private readonly sink: LineSink,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(10, start);
      const end = newline === -1 ? chunk.length : newline;
      const piece = chunk.subarray(start, end);
      if (this.skipping) {
        if (newline !== -1) this.skipping = false;
      } else if (this.pendingBytes + piece.length > this.maxLine) {
        this.overflow(piece, newline === -1);
      } else if (newline === -1) {
        this.pending.push(piece);
        this.pendingBytes += piece.length;
      } else {
        const line = this.pendingBytes === 0 ? piece : Buffer.concat([...this.pending, piece]);
        this.reset();
        this.sink.line(line);
      }
      start = end + 1;
    }
  }

  /** The stream ended: a last line without its newline is still a line. */
  end(): void {
    if (this.pendingBytes > 0) this.sink.line(Buffer.concat(this.pending));
    this.reset();
    this.skipping = false;
  }

  private overflow(piece: Buffer, lineContinues: boolean): void {
    const parts: Buffer[] = [];
    let kept = 0;
    for (const part of [...this.pending, piece]) {
      if (kept >= OVERSIZED_PREFIX_BYTES) break;
      parts.push(part.subarray(0, OVERSIZED_PREFIX_BYTES - kept));
      kept += parts.at(-1)!.length;
    }
    this.reset();
    this.skipping = lineContinues;
    this.sink.oversized(Buffer.concat(parts));
  }

  private reset(): void {
    this.pending = [];
    this.pendingBytes = 0;
  }
}
