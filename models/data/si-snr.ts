// Scale-invariant signal-to-noise ratio, exactly as the golden file defines it (zero-mean, projection, 1e−8 guards).

/**
 * SI-SNR in dB of `estimate` against `target` over their common length: both are made zero-mean,
 * s_t = (⟨e,t⟩/⟨t,t⟩)·t, SI-SNR = 10·log10(|s_t|²/(|e − s_t|² + 1e−8) + 1e−8).
 */
export function siSnr(target: ArrayLike<number>, estimate: ArrayLike<number>): number {
  const n = Math.min(target.length, estimate.length);
  let mt = 0;
  let me = 0;
  for (let i = 0; i < n; i++) {
    mt += target[i];
    me += estimate[i];
  }
  mt /= n;
  me /= n;
  let dot = 0;
  let tt = 0;
  for (let i = 0; i < n; i++) {
    const t = target[i] - mt;
    dot += (estimate[i] - me) * t;
    tt += t * t;
  }
  const alpha = tt === 0 ? 0 : dot / tt;
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < n; i++) {
    const s = alpha * (target[i] - mt);
    const e = estimate[i] - me - s;
    signal += s * s;
    noise += e * e;
  }
  return 10 * Math.log10(signal / (noise + 1e-8) + 1e-8);
}
