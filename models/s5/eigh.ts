// Dense eigensolvers for the S5 initialiser: cyclic Jacobi for real symmetric matrices and a Hermitian solver built on it.
//
// The matrices here are small (the HiPPO block is 16 × 16), so Jacobi's simplicity and accuracy
// (eigenvalues to a few ulps of the matrix norm) beat anything cleverer.

/** Eigen-decomposition of a real symmetric n × n matrix: values ascending, column j of `vectors` (row-major n × n) is eigenvector j. */
export interface SymmetricEigen {
  readonly values: Float64Array;
  readonly vectors: Float64Array;
}

/** Eigen-decomposition of a Hermitian n × n matrix: values ascending, column j of (vectorsRe, vectorsIm) is unit eigenvector j. */
export interface HermitianEigen {
  readonly values: Float64Array;
  readonly vectorsRe: Float64Array;
  readonly vectorsIm: Float64Array;
}

/** Off-diagonal entries below this fraction of the Frobenius norm count as zero. */
const OFF_DIAGONAL_EPS = 1e-18;
const MAX_SWEEPS = 100;

/**
 * Real symmetric eigen-decomposition by cyclic Jacobi rotations. Reads the whole matrix
 * (row-major n × n), which must be symmetric; the input is not modified.
 */
export function eighSymmetric(n: number, matrix: Float64Array): SymmetricEigen {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let frob = 0;
  for (let i = 0; i < n * n; i++) frob += a[i] * a[i];
  const threshold = OFF_DIAGONAL_EPS * Math.sqrt(frob);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p * n + q]) <= threshold) {
          a[p * n + q] = 0;
          a[q * n + p] = 0;
          continue;
        }
        rotate(a, v, n, p, q);
        rotated = true;
      }
    }
    if (!rotated) return sortedEigen(n, a, v);
  }
  throw new Error(`eighSymmetric: Jacobi did not converge in ${MAX_SWEEPS} sweeps (n = ${n})`);
}

/** One Jacobi rotation A ← Jᵀ A J, V ← V J that zeroes A[p][q]. */
function rotate(a: Float64Array, v: Float64Array, n: number, p: number, q: number): void {
  const apq = a[p * n + q];
  const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
  // t = tan of the rotation angle, the smaller root of t² + 2tθ − 1 = 0.
  const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    if (k === p || k === q) continue;
    const akp = a[k * n + p];
    const akq = a[k * n + q];
    const newKp = c * akp - s * akq;
    const newKq = s * akp + c * akq;
    a[k * n + p] = newKp;
    a[p * n + k] = newKp;
    a[k * n + q] = newKq;
    a[q * n + k] = newKq;
  }
  a[p * n + p] -= t * apq;
  a[q * n + q] += t * apq;
  a[p * n + q] = 0;
  a[q * n + p] = 0;
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p];
    const vkq = v[k * n + q];
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}

function sortedEigen(n: number, a: Float64Array, v: Float64Array): SymmetricEigen {
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i * n + i] - a[j * n + j] || i - j);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = a[src * n + src];
    for (let k = 0; k < n; k++) vectors[k * n + dst] = v[k * n + src];
  });
  return { values, vectors };
}

/**
 * Hermitian eigen-decomposition of M = re + i·im (row-major n × n). Like LAPACK's `zheevd` with
 * UPLO='L' (numpy's `eigh`), only the lower triangle is read and the imaginary part of the
 * diagonal is ignored. Eigenvalues ascend; each eigenvector has unit norm and its phase is fixed
 * so that its first non-negligible component is real and positive (LAPACK also returns a real
 * first row, so the two agree up to a sign per column).
 *
 * Method: M = A + iB (A symmetric, B antisymmetric) acts on x + iy like the real symmetric
 * [[A, −B], [B, A]] on [x; y]. That matrix has every eigenvalue of M twice; its eigenvectors
 * [x; y] and [−y; x] are z and i·z. For each cluster of equal eigenvalues we keep as many
 * complex-orthonormal vectors as the multiplicity, by pivoted complex Gram–Schmidt.
 */
export function eighHermitian(n: number, re: Float64Array, im: Float64Array): HermitianEigen {
  const real = eighSymmetric(2 * n, realEmbedding(n, re, im));
  const values = new Float64Array(n);
  const vectorsRe = new Float64Array(n * n);
  const vectorsIm = new Float64Array(n * n);
  let scale = 0;
  for (const x of real.values) scale = Math.max(scale, Math.abs(x));
  const tol = 1e-9 * Math.max(scale, Number.MIN_VALUE);
  let out = 0;
  for (let start = 0; start < 2 * n; ) {
    let end = start + 1;
    while (end < 2 * n && real.values[end] - real.values[end - 1] <= tol) end++;
    if ((end - start) % 2 !== 0) {
      throw new Error(`eighHermitian: eigenvalue cluster of odd size ${end - start} at ${real.values[start]}`);
    }
    let mean = 0;
    for (let j = start; j < end; j++) mean += real.values[j];
    mean /= end - start;
    for (const z of pickComplexBasis(n, real.vectors, start, end)) {
      values[out] = mean;
      fixPhase(z.re, z.im);
      for (let k = 0; k < n; k++) {
        vectorsRe[k * n + out] = z.re[k];
        vectorsIm[k * n + out] = z.im[k];
      }
      out++;
    }
    start = end;
  }
  return { values, vectorsRe, vectorsIm };
}

/** [[A, −B], [B, A]] from the lower triangle of re + i·im (2n × 2n, row-major). */
function realEmbedding(n: number, re: Float64Array, im: Float64Array): Float64Array {
  const m = 2 * n;
  const e = new Float64Array(m * m);
  const set = (r: number, c: number, a: number, b: number): void => {
    e[r * m + c] = a;
    e[(r + n) * m + (c + n)] = a;
    e[r * m + (c + n)] = -b;
    e[(r + n) * m + c] = b;
  };
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const a = re[i * n + j];
      const b = i === j ? 0 : im[i * n + j];
      // A is symmetric and B antisymmetric: A[j][i] = a, B[j][i] = −b.
      set(i, j, a, b);
      set(j, i, a, -b);
    }
  }
  return e;
}

interface ComplexVector {
  re: Float64Array;
  im: Float64Array;
}

/** From the real eigenvectors in columns [start, end) choose (end − start)/2 complex-orthonormal vectors. */
function pickComplexBasis(n: number, realVectors: Float64Array, start: number, end: number): ComplexVector[] {
  const m = 2 * n;
  const candidates: ComplexVector[] = [];
  for (let j = start; j < end; j++) {
    const re = new Float64Array(n);
    const im = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      re[k] = realVectors[k * m + j];
      im[k] = realVectors[(k + n) * m + j];
    }
    candidates.push({ re, im });
  }
  const chosen: ComplexVector[] = [];
  const want = (end - start) / 2;
  while (chosen.length < want) {
    let best = -1;
    let bestNorm = -1;
    candidates.forEach((c, idx) => {
      const norm = complexNorm(c);
      if (norm > bestNorm) {
        bestNorm = norm;
        best = idx;
      }
    });
    const pick = candidates.splice(best, 1)[0];
    for (let k = 0; k < n; k++) {
      pick.re[k] /= bestNorm;
      pick.im[k] /= bestNorm;
    }
    for (const c of candidates) projectOut(c, pick);
    chosen.push(pick);
  }
  return chosen;
}

function complexNorm(z: ComplexVector): number {
  let s = 0;
  for (let k = 0; k < z.re.length; k++) s += z.re[k] * z.re[k] + z.im[k] * z.im[k];
  return Math.sqrt(s);
}

/** z ← z − q (qᴴ z) for unit q. */
function projectOut(z: ComplexVector, q: ComplexVector): void {
  let dotRe = 0;
  let dotIm = 0;
  for (let k = 0; k < z.re.length; k++) {
    dotRe += q.re[k] * z.re[k] + q.im[k] * z.im[k];
    dotIm += q.re[k] * z.im[k] - q.im[k] * z.re[k];
  }
  for (let k = 0; k < z.re.length; k++) {
    z.re[k] -= q.re[k] * dotRe - q.im[k] * dotIm;
    z.im[k] -= q.re[k] * dotIm + q.im[k] * dotRe;
  }
}

/** Multiply a unit vector by a unit complex number so its first component of modulus > 1e-8 is real and positive. */
function fixPhase(re: Float64Array, im: Float64Array): void {
  let k = 0;
  while (k < re.length - 1 && Math.hypot(re[k], im[k]) <= 1e-8) k++;
  const mod = Math.hypot(re[k], im[k]);
  if (mod === 0) return;
  // Multiply by conj(z_k)/|z_k|.
  const pr = re[k] / mod;
  const pi = -im[k] / mod;
  for (let j = 0; j < re.length; j++) {
    const r = re[j] * pr - im[j] * pi;
    const i = re[j] * pi + im[j] * pr;
    re[j] = r;
    im[j] = i;
  }
  im[k] = 0;
}
