// Speech-like sources for the synthetic denoising set: voiced segments (glottal pulse train with moving pitch through moving formants), unvoiced frication, and pauses.
import { Rng } from '../random.ts';

/** Vowel-like formant targets (F1, F2, F3 in Hz) the voiced segments move between. */
const VOWELS: readonly (readonly [number, number, number])[] = [
  [730, 1090, 2440],
  [530, 1840, 2480],
  [270, 2290, 3010],
  [570, 840, 2410],
  [300, 870, 2240],
  [660, 1720, 2410],
  [490, 1350, 1690],
];

/** A two-pole resonator y = g·x + a1·y₁ + a2·y₂ whose centre frequency and bandwidth may change per sample block. */
class Resonator {
  private y1 = 0;
  private y2 = 0;
  private a1 = 0;
  private a2 = 0;
  private gain = 0;

  tune(hz: number, bandwidthHz: number, sampleRate: number): void {
    const r = Math.exp((-Math.PI * bandwidthHz) / sampleRate);
    this.a1 = 2 * r * Math.cos((2 * Math.PI * hz) / sampleRate);
    this.a2 = -r * r;
    this.gain = 1 - r;
  }

  step(x: number): number {
    const y = this.gain * x + this.a1 * this.y1 + this.a2 * this.y2;
    this.y2 = this.y1;
    this.y1 = y;
    return y;
  }
}

type SegmentKind = 'voiced' | 'unvoiced' | 'pause';

interface Speaker {
  readonly pitchHz: number;
  readonly formantScale: number;
  readonly rate: number;
}

const TUNE_BLOCK = 32;

/**
 * `samples` samples of a speech-like signal at `sampleRate`, normalised to RMS 0.1. A speaker (pitch
 * 85–250 Hz, formant scale, speaking rate) talks in segments: voiced (80–320 ms, pitch gliding and
 * formants moving towards a new vowel), unvoiced frication (40–160 ms) and pauses (30–250 ms).
 */
export function speechLike(rng: Rng, samples: number, sampleRate: number): Float64Array {
  const speaker: Speaker = { pitchHz: rng.uniform(85, 250), formantScale: rng.uniform(0.85, 1.2), rate: rng.uniform(0.8, 1.25) };
  const out = new Float64Array(samples);
  const formants = [new Resonator(), new Resonator(), new Resonator()];
  const frication = new Resonator();
  let current = VOWELS[rng.int(VOWELS.length)].map((f) => f * speaker.formantScale);
  let phase = 0;
  let pitch = speaker.pitchHz;
  let lowpass = 0;
  for (let start = 0; start < samples; ) {
    const kind = pickSegment(rng);
    const length = Math.min(samples - start, Math.round(segmentSeconds(rng, kind) * sampleRate / speaker.rate));
    const target = VOWELS[rng.int(VOWELS.length)].map((f) => f * speaker.formantScale);
    const gain = kind === 'voiced' ? rng.uniform(0.5, 1) : kind === 'unvoiced' ? rng.uniform(0.1, 0.35) : 0;
    const pitchEnd = Math.min(320, Math.max(70, pitch * Math.exp(rng.normal() * 0.15)));
    const fricHz = rng.uniform(2500, 6500);
    frication.tune(fricHz, rng.uniform(800, 2000), sampleRate);
    const ramp = Math.min(length / 2, 0.015 * sampleRate);
    for (let i = 0; i < length; i++) {
      const progress = i / Math.max(1, length - 1);
      if (i % TUNE_BLOCK === 0) {
        const glide = Math.min(1, i / (0.06 * sampleRate));
        for (let f = 0; f < 3; f++) {
          const hz = current[f] + (target[f] - current[f]) * glide;
          formants[f].tune(hz, 60 + 40 * f + hz * 0.04, sampleRate);
        }
      }
      const envelope = gain * Math.min(1, i / ramp, (length - 1 - i) / ramp);
      let source = 0;
      if (kind === 'voiced') {
        const hz = pitch + (pitchEnd - pitch) * progress;
        phase += hz / sampleRate;
        if (phase >= 1) phase -= 1;
        // Sawtooth (all harmonics, falling 6 dB/octave) softened by a one-pole low-pass, plus a little aspiration.
        lowpass += 0.35 * (2 * phase - 1 - lowpass);
        source = lowpass + 0.03 * uniformNoise(rng);
      }
      let y = 0;
      if (kind === 'voiced') {
        y = formants[2].step(formants[1].step(formants[0].step(source * 8))) * 4;
      } else if (kind === 'unvoiced') {
        y = frication.step(uniformNoise(rng)) * 3;
      }
      out[start + i] = envelope * y;
    }
    if (kind === 'voiced') {
      current = target;
      pitch = pitchEnd;
    }
    start += length;
  }
  return normaliseRms(out, 0.1);
}

/** Zero-mean, unit-variance uniform noise (cheaper than a normal draw, and just as white). */
function uniformNoise(rng: Rng): number {
  return (rng.next() - 0.5) * 3.4641016151377544;
}

function pickSegment(rng: Rng): SegmentKind {
  const u = rng.next();
  return u < 0.6 ? 'voiced' : u < 0.8 ? 'unvoiced' : 'pause';
}

function segmentSeconds(rng: Rng, kind: SegmentKind): number {
  if (kind === 'voiced') return rng.uniform(0.08, 0.32);
  if (kind === 'unvoiced') return rng.uniform(0.04, 0.16);
  return rng.uniform(0.03, 0.25);
}

/** Scale x in place to the given RMS (a silent signal stays silent). */
export function normaliseRms(x: Float64Array, rms: number): Float64Array {
  const now = Math.sqrt(x.reduce((a, v) => a + v * v, 0) / Math.max(1, x.length));
  if (now > 0) for (let i = 0; i < x.length; i++) x[i] *= rms / now;
  return x;
}

export function rmsOf(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s / Math.max(1, x.length));
}
