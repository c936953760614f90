// Little-endian byte writer and bounds-checked reader (LEB128 varints, zigzag) shared by every image section.
import { imageError, type Place } from './errors.ts';

/** Growable little-endian output buffer. Values out of range are a bug (validateImage runs first), so they throw. */
export class ByteWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  length = 0;

  /** Grow to fit `n` more bytes and return where they start. Callers must take the offset before touching buf/view. */
  private reserve(n: number): number {
    const at = this.length;
    if (at + n > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < at + n) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(0, at));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    this.length = at + n;
    return at;
  }

  u8(v: number): void {
    checkRange(v, 0, 0xff);
    const at = this.reserve(1);
    this.buf[at] = v;
  }

  i8(v: number): void {
    checkRange(v, -0x80, 0x7f);
    const at = this.reserve(1);
    this.view.setInt8(at, v);
  }

  u16(v: number): void {
    checkRange(v, 0, 0xffff);
    const at = this.reserve(2);
    this.view.setUint16(at, v, true);
  }

  i16(v: number): void {
    checkRange(v, -0x8000, 0x7fff);
    const at = this.reserve(2);
    this.view.setInt16(at, v, true);
  }

  u32(v: number): void {
    checkRange(v, 0, 0xffffffff);
    const at = this.reserve(4);
    this.view.setUint32(at, v, true);
  }

  i32(v: number): void {
    checkRange(v, -0x80000000, 0x7fffffff);
    const at = this.reserve(4);
    this.view.setInt32(at, v, true);
  }

  /** IEEE-754 double (host-side constants such as the input offset). */
  f64(v: number): void {
    if (!Number.isFinite(v)) throw new Error(`image writer: ${v} is not a finite number (validateImage should have caught this)`);
    const at = this.reserve(8);
    this.view.setFloat64(at, v, true);
  }

  /** Unsigned LEB128, minimal length (1–5 bytes for 0..2^32−1). */
  varint(v: number): void {
    checkRange(v, 0, 0xffffffff);
    let x = v;
    while (x >= 0x80) {
      const at = this.reserve(1);
      this.buf[at] = (x % 0x80) | 0x80;
      x = Math.floor(x / 0x80);
    }
    const last = this.reserve(1);
    this.buf[last] = x;
  }

  bytes(b: Uint8Array): void {
    const at = this.reserve(b.length);
    this.buf.set(b, at);
  }

  /** Signed integers at a fixed width of 1, 2 or 4 bytes each. */
  ints(values: ArrayLike<number>, width: 1 | 2 | 4): void {
    for (let i = 0; i < values.length; i++) {
      if (width === 1) this.i8(values[i]);
      else if (width === 2) this.i16(values[i]);
      else this.i32(values[i]);
    }
  }

  /** The bytes written so far (a copy sized exactly). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

function checkRange(v: number, lo: number, hi: number): void {
  if (!Number.isInteger(v) || v < lo || v > hi) throw new Error(`image writer: ${v} is outside ${lo}..${hi} (validateImage should have caught this)`);
}

/** Zigzag map of a signed integer to an unsigned one (0, −1, 1, −2, … → 0, 1, 2, 3, …). */
export function zigzag(v: number): number {
  return v >= 0 ? 2 * v : -2 * v - 1;
}

export function unzigzag(u: number): number {
  return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
}

/** Reads one section's bytes; every read is bounds-checked and reports an overrun as a LoomError with its byte offset. */
export class ByteReader {
  pos = 0;
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    readonly place: Place,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** Fail unless `n` more bytes are available; `what` names the data for the message. */
  need(n: number, what: string): void {
    if (n > this.remaining) throw imageError(this.place, 'image-overrun', { what, needed: n, available: this.remaining }, this.pos);
  }

  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.pos++];
  }

  u16(what: string): number {
    this.need(2, what);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** Unsigned LEB128 of at most 5 bytes; rejects values ≥ 2^32 and non-minimal encodings (one encoding per value). */
  varint(what: string): number {
    const start = this.pos;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      const b = this.u8(what);
      value += (b & 0x7f) * scale;
      if (b < 0x80) {
        if ((b === 0 && i > 0) || value > 0xffffffff) throw this.badVarint(what, start);
        return value;
      }
      scale *= 0x80;
    }
    throw this.badVarint(what, start);
  }

  private badVarint(what: string, start: number): Error {
    const shown = Array.from(this.bytes.subarray(start, Math.min(start + 6, this.bytes.length)), (b) => b.toString(16).padStart(2, '0')).join(' ');
    return imageError(this.place, 'image-field', { field: what, value: `varint bytes ${shown}`, detail: 'not a minimal LEB128 encoding of a 32-bit value' }, start);
  }

  /** `n` unsigned 32-bit words (a copy). */
  u32s(n: number, what: string): Uint32Array {
    this.need(4 * n, what);
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.view.getUint32(this.pos + 4 * i, true);
    this.pos += 4 * n;
    return out;
  }

  /** `n` signed integers of `width` bytes each, widened into an Int32Array. */
  ints(n: number, width: 1 | 2 | 4, what: string): Int32Array {
    this.need(width * n, what);
    const out = new Int32Array(n);
    const at = this.pos;
    if (width === 1) for (let i = 0; i < n; i++) out[i] = this.view.getInt8(at + i);
    else if (width === 2) for (let i = 0; i < n; i++) out[i] = this.view.getInt16(at + 2 * i, true);
    else for (let i = 0; i < n; i++) out[i] = this.view.getInt32(at + 4 * i, true);
    this.pos += width * n;
    return out;
  }

  /** The next `n` bytes as a view (not a copy). */
  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Fail if bytes remain after `what`. */
  end(what: string): void {
    if (this.remaining > 0) throw imageError(this.place, 'image-trailing', { count: this.remaining, what }, this.pos);
  }
}
