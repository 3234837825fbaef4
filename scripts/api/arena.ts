/**
 * Every serialized record, UTF-8 encoded once into one shared buffer, so the writer threads read
 * the same bytes without copying them and no list is ever joined into a string: a file is written
 * as a vector of slices (literal text, record, literal text, …).
 */
import type { Part } from './outputs.ts';

export interface Arena {
  buffer: SharedArrayBuffer;
  /** Record `i` occupies bytes `offsets[i] … offsets[i + 1]`. */
  offsets: Float64Array;
}

/**
 * Fills an arena one record at a time, so the serialized strings of a whole registry never live
 * all at once (the buffer grows in place: a growable SharedArrayBuffer reserves address space only).
 */
export class ArenaBuilder {
  private buffer = new SharedArrayBuffer(1 << 20, { maxByteLength: 2 ** 34 });
  private readonly offsets: Float64Array;
  private count = 0;
  private end = 0;
  readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.offsets = new Float64Array(new SharedArrayBuffer(8 * (capacity + 1)));
  }

  /** Appends a record; returns the byte offset where it starts. */
  append(text: string): number {
    if (this.count === this.capacity) throw new Error(`ArenaBuilder: more than ${this.capacity} records`);
    const start = this.end;
    const length = Buffer.byteLength(text, 'utf8');
    if (start + length > this.buffer.byteLength)
      this.buffer.grow(Math.min(this.buffer.maxByteLength, Math.max(start + length, this.buffer.byteLength * 2)));
    Buffer.from(this.buffer, start, length).write(text, 'utf8');
    this.offsets[this.count++] = start;
    this.end = start + length;
    return start;
  }

  /** Overwrites bytes already appended with ASCII text of the same length (the build id's slot). */
  patch(at: number, ascii: string): void {
    Buffer.from(this.buffer, at, ascii.length).write(ascii, 'latin1');
  }

  finish(): Arena {
    if (this.count !== this.capacity)
      throw new Error(`ArenaBuilder: ${this.count} of ${this.capacity} records appended`);
    this.offsets[this.count] = this.end;
    return { buffer: this.buffer, offsets: this.offsets };
  }
}

export function encodeArena(bodies: readonly string[]): Arena {
  const builder = new ArenaBuilder(bodies.length);
  for (const b of bodies) builder.append(b);
  return builder.finish();
}

export function recordCount(arena: Arena): number {
  return arena.offsets.length - 1;
}

/** One record's bytes (a view, not a copy). */
export function recordBuffer(arena: Arena, i: number): Buffer {
  const start = arena.offsets[i]!;
  return Buffer.from(arena.buffer, start, arena.offsets[i + 1]! - start);
}

export function recordBytes(arena: Arena, i: number): number {
  return arena.offsets[i + 1]! - arena.offsets[i]!;
}

export function partsBytes(parts: readonly Part[], arena: Arena): number {
  let n = 0;
  for (const p of parts) n += typeof p === 'number' ? recordBytes(arena, p) : Buffer.byteLength(p, 'utf8');
  return n;
}

/** The parts as buffers: views into the arena for records, fresh buffers for literal text. */
export function partBuffers(parts: readonly Part[], arena: Arena): Buffer[] {
  const bufs: Buffer[] = [];
  for (const p of parts) {
    if (typeof p === 'number') {
      bufs.push(recordBuffer(arena, p));
    } else {
      bufs.push(Buffer.from(p, 'utf8'));
    }
  }
  return bufs;
}

/** The text of a content output (tests and small documents; the writer never joins big ones). */
export function partsText(parts: readonly Part[], arena: Arena): string {
  return Buffer.concat(partBuffers(parts, arena)).toString('utf8');
}
