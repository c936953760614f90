// Small structural checks shared by the section codecs: integer ranges, array lengths, UTF-8 text.
import { imageError, type Place } from './errors.ts';

/** `value` must be an integer in min..max: below min or non-integer is a field error, above max a format-limit error. */
export function checkInt(place: Place, what: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value)) throw imageError(place, 'image-field', { field: what, value, detail: 'must be an integer' });
  if (value < min) throw imageError(place, 'image-field', { field: what, value, detail: `must be at least ${min}` });
  if (value > max) throw imageError(place, 'image-limit', { what, value, limit: max });
}

/** An array's length must equal what the rest of the image implies. */
export function checkLength(place: Place, what: string, actual: number, expected: number): void {
  if (actual !== expected) throw imageError(place, 'image-structure', { detail: `${what} has ${actual} entries; expected ${expected}` });
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function utf8(text: string): Uint8Array {
  return ENCODER.encode(text);
}

/** Strict UTF-8 decode; undefined when the bytes are not valid UTF-8. */
export function fromUtf8(bytes: Uint8Array): string | undefined {
  try {
    return DECODER.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Text must be well-formed Unicode (so UTF-8 round-trips it exactly) and minBytes..maxBytes long in UTF-8. */
export function checkText(place: Place, what: string, text: string, minBytes: number, maxBytes: number): void {
  if (LONE_SURROGATE.test(text)) throw imageError(place, 'image-field', { field: what, value: JSON.stringify(text), detail: 'contains a lone UTF-16 surrogate; UTF-8 cannot store it' });
  checkInt(place, `${what} (UTF-8 bytes)`, utf8(text).length, minBytes, maxBytes);
}

/** CSR row offsets: `rows + 1` entries, starting at 0, non-decreasing, ending at `entries`. */
export function checkOffsets(place: Place, what: string, offsets: Uint32Array, rows: number, entries: number): void {
  checkLength(place, `${what} offsets`, offsets.length, rows + 1);
  if (offsets[0] !== 0) throw imageError(place, 'image-structure', { detail: `${what} offsets start at ${offsets[0]}, not 0` });
  for (let i = 0; i < rows; i++) {
    if (offsets[i + 1] < offsets[i]) throw imageError(place, 'image-structure', { detail: `${what} offsets decrease at row ${i} (${offsets[i]} → ${offsets[i + 1]})` });
  }
  if (offsets[rows] !== entries) throw imageError(place, 'image-structure', { detail: `${what} offsets end at ${offsets[rows]} but there are ${entries} entries` });
}
