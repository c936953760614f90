// The loihi2 preset is `loom calibrate bench/calibration/loihi2-public.yaml`'s output: re-fitting from it (two rounds: the mapping is re-chosen with the fitted costs between them) gives the same costs within 3 %, every prediction within 2 × of its measurement, and a written spec that loads.
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChipSpec, parseChipSpec } from '../../../isa/chip/load.ts';
import { calibrateCommand } from '../../../simulator/calibrate/command.ts';
import { KNOBS } from '../../../simulator/calibrate/knobs.ts';

describe('the loihi2 preset is reproduced by loom calibrate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loom-calibrate-test-'));
  const out = join(dir, 'fitted.yaml');
  const { fit, text } = calibrateCommand({ measurements: 'bench/calibration/loihi2-public.yaml', chip: 'loihi2', out, rounds: 2 });
  const preset = loadChipSpec('loihi2');

  it('re-fits every knob to within 3 % of the preset', () => {
    for (const k of fit.knobs) {
      const shipped = k.knob.read(preset);
      expect(Math.abs(k.value / shipped - 1), `${k.knob.name}: refit ${k.value}, preset ${shipped}`).toBeLessThan(0.03);
    }
    expect(fit.knobs.map((k) => k.knob.name)).toEqual(KNOBS.map((k) => k.name).filter((n) => fit.knobs.some((k) => k.knob.name === n)));
    expect(fit.knobs.length).toBe(8);
  });

  it('predicts every measured time and energy within 2 × (median within 35 %)', () => {
    expect(fit.worstRatio).toBeLessThan(2);
    expect(fit.medianError).toBeLessThan(0.35);
    for (const r of fit.rows) expect(r.timeRatio).toBeGreaterThan(0.5);
    expect(text).toContain('lm-block-1chip-pipelined');
  });

  it('writes a spec that loads, named as its base, with the pinned static power and a comment on every fitted field', () => {
    const yamlText = readFileSync(out, 'utf8');
    const spec = parseChipSpec(yamlText, out);
    expect(spec.name).toBe('loihi2');
    expect(spec.energy.staticWattsPerChip).toBe(0.282);
    expect(yamlText).toMatch(/synOpNs: [\d.]+ # fitted: loom calibrate/);
    expect(Math.abs(spec.timing.synOpNs / preset.timing.synOpNs - 1)).toBeLessThan(0.03);
  });
}, 180_000);
