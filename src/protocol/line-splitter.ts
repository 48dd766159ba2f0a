/**
 * Splits a byte stream into newline-terminated lines without ever holding more than `maxLine`
 * bytes of an unfinished line: a peer that sends an endless line is reported, not buffered.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly maxLine: number,
    private readonly onLine: (line: Buffer) => void,
    private readonly onOverflow: () => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(10, start);
      if (newline === -1) break;
      const piece = chunk.subarray(start, newline);
      if (this.pendingBytes + piece.length > this.maxLine) return this.overflow();
      const line = this.pendingBytes === 0 ? piece : Buffer.concat([...this.pending, piece]);
      this.pending = [];
      this.pendingBytes = 0;
      this.onLine(line);
      start = newline + 1;
    }
    const rest = chunk.subarray(start);
    if (rest.length === 0) return;
    if (this.pendingBytes + rest.length > this.maxLine) return this.overflow();
    this.pending.push(rest);
    this.pendingBytes += rest.length;
  }

  private overflow(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.onOverflow();
  }
}
