/**
 * Console output of one eval, capped in bytes. Text past the cap is dropped — never stored —
 * and the cut never falls inside a UTF-8 character.
 */
export class ConsoleBuffer {
  private readonly parts: string[] = [];
  private bytes = 0;
  truncated = false;

  constructor(private readonly maxBytes: number) {}

  append(text: string): void {
    if (this.truncated) return;
    const length = Buffer.byteLength(text);
    if (this.bytes + length <= this.maxBytes) {
      this.parts.push(text);
      this.bytes += length;
      return;
    }
    this.truncated = true;
    const room = this.maxBytes - this.bytes;
    if (room <= 0) return;
    const encoded = Buffer.from(text).subarray(0, room + 1);
    let end = room;
    // Step back over continuation bytes (10xxxxxx) so the kept prefix ends on a character boundary.
    while (end > 0 && (encoded[end]! & 0xc0) === 0x80) end--;
    this.parts.push(encoded.subarray(0, end).toString('utf8'));
    this.bytes += end;
  }

  get text(): string {
    return this.parts.join('');
  }
}
