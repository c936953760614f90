// The bundled demo clip rebuilds from its recipe and is what it says: 3.0 s at 16 kHz, noisy at about 5 dB SI-SNR against its clean reference.
import { describe, expect, it } from 'vitest';
import { DEMO_CLIP, buildDemoClip } from '../../models/bundled/clip.ts';
import { siSnr } from '../../models/data/si-snr.ts';
import { rmsOf } from '../../models/data/speech.ts';
import { decodeWav, readWav } from '../../models/data/wav.ts';

describe('bundled demo clip', () => {
  const noisy = readWav(DEMO_CLIP.noisy, 16000).samples;
  const clean = readWav(DEMO_CLIP.clean, 16000).samples;

  it('rebuilds from its recipe (to within one 16-bit step)', () => {
    const built = buildDemoClip();
    for (const [bytes, committed] of [[built.noisy, noisy], [built.clean, clean]] as const) {
      const s = decodeWav(bytes, 'rebuilt').samples;
      expect(s.length).toBe(committed.length);
      let worst = 0;
      for (let i = 0; i < s.length; i++) worst = Math.max(worst, Math.abs(s[i] - committed[i]));
      expect(worst).toBeLessThanOrEqual(1 / 32768);
    }
  });

  it('is 3.0 s of 16 kHz audio at the stated level and SNR', () => {
    expect(noisy.length).toBe(128 * (DEMO_CLIP.frames - 1) + 512);
    expect(20 * Math.log10(rmsOf(noisy))).toBeCloseTo(DEMO_CLIP.levelDb, 1);
    expect(siSnr(clean, noisy)).toBeGreaterThan(DEMO_CLIP.snrDb - 0.5);
    expect(siSnr(clean, noisy)).toBeLessThan(DEMO_CLIP.snrDb + 0.5);
  });
});
