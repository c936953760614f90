// Real FFT and inverse real FFT of one power-of-two frame (radix-2 complex FFT of half the length plus the real-signal split).

/** Precomputed tables for one transform size; build once with `createFft` and reuse (not thread-safe: it holds scratch space). */
export interface Fft {
  /** Real frame length N (a power of two ≥ 4); the spectrum has N/2 + 1 bins. */
  readonly size: number;
  /** X = rfft(x): X[k] = Σ_n x[n]·e^{−2πikn/N}, k = 0 … N/2. */
  rfft(x: ArrayLike<number>, outRe: Float64Array | Float32Array, outIm: Float64Array | Float32Array): void;
  /**
   * x = irfft(X): x[n] = (1/N)·Σ_k X[k]·e^{2πikn/N} over the Hermitian extension of X. The imaginary parts of
   * X[0] and X[N/2] are ignored (as numpy does), so irfft is a real-linear map whose adjoint is (c_k/N)·rfft
   * with c_0 = c_{N/2} = 1 and c_k = 2 otherwise.
   */
  irfft(re: ArrayLike<number>, im: ArrayLike<number>, out: Float64Array | Float32Array): void;
}

export function createFft(size: number): Fft {
  if (!(size >= 4 && (size & (size - 1)) === 0)) throw new Error(`fft: size ${size} is not a power of two ≥ 4`);
  const half = size / 2;
  const complex = createComplexFft(half);
  const zr = new Float64Array(half);
  const zi = new Float64Array(half);
  // e^{−2πik/N} for k = 0 … N/2
  const wr = new Float64Array(half + 1);
  const wi = new Float64Array(half + 1);
  for (let k = 0; k <= half; k++) {
    wr[k] = Math.cos((2 * Math.PI * k) / size);
    wi[k] = -Math.sin((2 * Math.PI * k) / size);
  }
  return {
    size,
    rfft(x, outRe, outIm) {
      for (let n = 0; n < half; n++) {
        zr[n] = x[2 * n];
        zi[n] = x[2 * n + 1];
      }
      complex(zr, zi, false);
      for (let k = 0; k <= half; k++) {
        const a = k % half;
        const b = (half - k) % half;
        // E = (Z[k] + conj Z[N/2−k])/2, O = (Z[k] − conj Z[N/2−k])/(2i)
        const er = (zr[a] + zr[b]) / 2;
        const ei = (zi[a] - zi[b]) / 2;
        const or = (zi[a] + zi[b]) / 2;
        const oi = -(zr[a] - zr[b]) / 2;
        outRe[k] = er + wr[k] * or - wi[k] * oi;
        outIm[k] = ei + wr[k] * oi + wi[k] * or;
      }
    },
    irfft(re, im, out) {
      for (let k = 0; k < half; k++) {
        const j = half - k;
        const xr = re[k];
        const xi = k === 0 ? 0 : im[k];
        const cr = re[j];
        const ci = j === half ? 0 : -im[j]; // conj X[N/2−k]
        const er = (xr + cr) / 2;
        const ei = (xi + ci) / 2;
        // O = (X[k] − conj X[N/2−k]) / (2·W^k), W^k = e^{−2πik/N}; dividing by W^k multiplies by its conjugate.
        const dr = (xr - cr) / 2;
        const di = (xi - ci) / 2;
        const or = dr * wr[k] + di * wi[k];
        const oi = di * wr[k] - dr * wi[k];
        zr[k] = er - oi;
        zi[k] = ei + or;
      }
      complex(zr, zi, true);
      for (let n = 0; n < half; n++) {
        out[2 * n] = zr[n] / half;
        out[2 * n + 1] = zi[n] / half;
      }
    },
  };
}

/** In-place radix-2 complex FFT of a fixed size; `inverse` uses e^{+2πikn/N} (unscaled). */
function createComplexFft(n: number): (re: Float64Array, im: Float64Array, inverse: boolean) => void {
  const bits = Math.log2(n);
  const rev = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    rev[i] = r;
  }
  const cos = new Float64Array(n / 2);
  const sin = new Float64Array(n / 2);
  for (let k = 0; k < n / 2; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = Math.sin((2 * Math.PI * k) / n);
  }
  return (re, im, inverse) => {
    for (let i = 0; i < n; i++) {
      const j = rev[i];
      if (j > i) {
        const tr = re[i];
        re[i] = re[j];
        re[j] = tr;
        const ti = im[i];
        im[i] = im[j];
        im[j] = ti;
      }
    }
    const sign = inverse ? 1 : -1;
    for (let len = 2; len <= n; len <<= 1) {
      const halfLen = len >> 1;
      const step = n / len;
      for (let start = 0; start < n; start += len) {
        for (let k = 0; k < halfLen; k++) {
          const c = cos[k * step];
          const s = sign * sin[k * step];
          const a = start + k;
          const b = a + halfLen;
          const tr = re[b] * c - im[b] * s;
          const ti = re[b] * s + im[b] * c;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
  };
}
