// Noise sources for the synthetic denoising set: white, pink (1/f), babble (several speech-like talkers) and tonal (drifting tones with harmonics).
import type { Rng } from '../random.ts';
import { normaliseRms, speechLike } from './speech.ts';

export type NoiseKind = 'white' | 'pink' | 'babble' | 'tonal';
export const NOISE_KINDS: readonly NoiseKind[] = ['white', 'pink', 'babble', 'tonal'];

/** `samples` samples of the given noise, normalised to RMS 0.1. */
export function noise(kind: NoiseKind, rng: Rng, samples: number, sampleRate: number): Float64Array {
  switch (kind) {
    case 'white':
      return normaliseRms(Float64Array.from({ length: samples }, () => rng.normal()), 0.1);
    case 'pink':
      return pinkNoise(rng, samples);
    case 'babble':
      return babble(rng, samples, sampleRate);
    case 'tonal':
      return tonal(rng, samples, sampleRate);
  }
}

/** Pink noise: white noise through Paul Kellet's six-pole filter (within ±0.05 dB of 1/f above 10 Hz at 16 kHz). */
function pinkNoise(rng: Rng, samples: number): Float64Array {
  const poles = [0.99886, 0.99332, 0.969, 0.8665, 0.55, -0.7616];
  const weights = [0.0555179, 0.0750759, 0.153852, 0.3104856, 0.5329522, -0.016898];
  const state = new Float64Array(poles.length);
  const out = new Float64Array(samples);
  let delayed = 0;
  for (let i = 0; i < samples; i++) {
    const w = rng.normal();
    let y = 0.5362 * w + delayed;
    for (let p = 0; p < poles.length; p++) {
      state[p] = poles[p] * state[p] + weights[p] * w;
      y += state[p];
    }
    delayed = 0.115926 * w;
    out[i] = y;
  }
  return normaliseRms(out, 0.1);
}

/** Three to six independent speech-like talkers summed. */
function babble(rng: Rng, samples: number, sampleRate: number): Float64Array {
  const talkers = 3 + rng.int(4);
  const out = new Float64Array(samples);
  for (let k = 0; k < talkers; k++) {
    const voice = speechLike(rng, samples, sampleRate);
    for (let i = 0; i < samples; i++) out[i] += voice[i];
  }
  return normaliseRms(out, 0.1);
}

/** One to three tones (80 Hz – 3 kHz) with slow frequency drift and vibrato, each with a few harmonics, optionally gated on and off. */
function tonal(rng: Rng, samples: number, sampleRate: number): Float64Array {
  const out = new Float64Array(samples);
  const tones = 1 + rng.int(3);
  for (let k = 0; k < tones; k++) {
    const base = Math.exp(rng.uniform(Math.log(80), Math.log(3000)));
    const drift = rng.uniform(-0.2, 0.2);
    const vibratoHz = rng.uniform(0.2, 6);
    const vibratoDepth = rng.uniform(0, 0.02);
    const harmonics = 1 + rng.int(4);
    const gated = rng.next() < 0.4;
    const gateHz = rng.uniform(1, 4);
    let phase = rng.uniform(0, 1);
    for (let i = 0; i < samples; i++) {
      const t = i / sampleRate;
      const hz = base * (1 + (drift * i) / samples + vibratoDepth * Math.sin(2 * Math.PI * vibratoHz * t));
      phase += hz / sampleRate;
      phase -= Math.floor(phase);
      let v = 0;
      for (let h = 1; h <= harmonics; h++) v += Math.sin(2 * Math.PI * h * phase) / h;
      const gate = gated ? (Math.sin(2 * Math.PI * gateHz * t) > 0 ? 1 : 0) : 1;
      out[i] += gate * v;
    }
  }
  for (let i = 0; i < samples; i++) out[i] += 0.01 * rng.normal();
  return normaliseRms(out, 0.1);
}
