/**
 * The last `max` characters of a stream of text, kept as a list of pieces so that appending past
 * the cap does not copy the whole kept text each time. `dropped` says whether anything was cut.
 */
export class TextTail {
  private pieces: string[] = [];
  private length = 0;
  dropped = false;

  constructor(private readonly max: number) {}

  push(text: string): void {
    this.pieces.push(text);
    this.length += text.length;
    while (this.length > this.max && this.pieces.length > 0) {
      const excess = this.length - this.max;
      const first = this.pieces[0]!;
      this.dropped = true;
      if (first.length <= excess) {
        this.pieces.shift();
        this.length -= first.length;
      } else {
        this.pieces[0] = first.slice(excess);
        this.length -= excess;
      }
    }
  }

  text(): string {
    const joined = this.pieces.join('');
    this.pieces = [joined];
    return joined;
  }
}
