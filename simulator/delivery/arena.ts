// Typed arrays laid out in one WebAssembly memory, so JS (neuron updates, timing) and the wasm delivery kernel share them without copies.
//
// The memory is sized once and never grows: growing would detach every view.

const PAGE_BYTES = 65_536;
const ALIGN = 8;
/** A 32-bit WebAssembly memory holds at most 65,536 pages (4 GiB). */
export const MAX_ARENA_BYTES = 65_536 * PAGE_BYTES;

/** The arena could not be made: it would exceed MAX_ARENA_BYTES, or the machine refused the allocation. */
export class ArenaTooLarge extends Error {
  constructor(readonly bytes: number) {
    super(`arena of ${bytes} bytes cannot be allocated`);
  }
}

/** One array of the arena: its element type and length, or initial contents. */
export interface Field<T> {
  readonly bytes: number;
  view(buffer: ArrayBuffer, byteOffset: number): T;
}

function field<T extends Int32Array | Float64Array | Uint8Array>(
  Kind: { new (buffer: ArrayBuffer, byteOffset: number, length: number): T; BYTES_PER_ELEMENT: number },
  init: number | ArrayLike<number>,
): Field<T> {
  const length = typeof init === 'number' ? init : init.length;
  return {
    bytes: length * Kind.BYTES_PER_ELEMENT,
    view(buffer, byteOffset) {
      const v = new Kind(buffer, byteOffset, length);
      if (typeof init !== 'number') v.set(init);
      return v;
    },
  };
}

export const int32 = (init: number | ArrayLike<number>): Field<Int32Array> => field(Int32Array, init);
export const float64 = (init: number | ArrayLike<number>): Field<Float64Array> => field(Float64Array, init);
export const uint8 = (init: number | ArrayLike<number>): Field<Uint8Array> => field(Uint8Array, init);

export type Views<S> = { readonly [K in keyof S]: S[K] extends Field<infer T> ? T : never };

export interface Arena<S> {
  readonly memory: WebAssembly.Memory;
  /** The arrays, zero-filled unless given contents. */
  readonly views: Views<S>;
  /** Byte address of each array in `memory` (what the kernel takes as a pointer). */
  readonly address: { readonly [K in keyof S]: number };
}

/** Lays out every field, 8-byte aligned, in a fresh memory of just enough pages; ArenaTooLarge when that cannot be had. */
export function allocateArena<S extends Record<string, Field<unknown>>>(spec: S): Arena<S> {
  const address = {} as Record<keyof S, number>;
  let end = ALIGN; // address 0 stays unused, so a zero pointer is never a live array
  for (const key of Object.keys(spec) as (keyof S)[]) {
    address[key] = end;
    end += Math.ceil(spec[key].bytes / ALIGN) * ALIGN;
  }
  if (end > MAX_ARENA_BYTES) throw new ArenaTooLarge(end);
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(end / PAGE_BYTES)) });
  } catch {
    throw new ArenaTooLarge(end);
  }
  const views = {} as Record<keyof S, unknown>;
  for (const key of Object.keys(spec) as (keyof S)[]) views[key] = spec[key].view(memory.buffer, address[key]);
  return { memory, views: views as Views<S>, address };
}
