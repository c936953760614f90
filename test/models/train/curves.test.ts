// Training curves: one series per phase, joined where the phase changes, drawn as a well-formed standalone SVG.
import { describe, expect, it } from 'vitest';
import { curvesPath, phaseSeries, trainingCurvesSvg } from '../../../models/train/curves.ts';
import type { EpochRecord } from '../../../models/train/trainer.ts';
import { checkXml } from '../../isa/format/xml.ts';

const epoch = (n: number, phase: string, siSnri: number): EpochRecord => ({
  epoch: n,
  step: n * 10,
  phase,
  trainLoss: 100 - siSnri,
  trainSiSnr: siSnri,
  validation: { clips: 4, siSnr: 5 + siSnri, siSnri, inputSiSnr: 5 },
  seconds: 1,
  framesPerSecond: 100,
});

describe('training curves', () => {
  const history = [epoch(1, 'prune', 1), epoch(2, 'prune', 2), epoch(3, 'finetune', 3), epoch(4, 'qat', 2.5), epoch(5, 'qat', 2.75)];

  it('one series per phase in order, each starting at the epoch before it', () => {
    const series = phaseSeries(history, (h) => h.validation.siSnri);
    expect(series.map((s) => s.name)).toEqual(['prune', 'finetune', 'qat']);
    expect(series[0].points).toEqual([[10, 1], [20, 2]]);
    expect(series[1].points).toEqual([[20, 2], [30, 3]]);
    expect(series[2].points).toEqual([[30, 3], [40, 2.5], [50, 2.75]]);
  });

  it('draws both panels as one well-formed standalone SVG beside the checkpoint', () => {
    const svg = trainingCurvesSvg('loom compress', history);
    const xml = checkXml(svg);
    expect(xml.problems).toEqual([]);
    expect(svg.startsWith('<?xml') || svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('validation SI-SNRi (4 clips)');
    expect(svg).toContain('training loss');
    expect(xml.elements.filter((e) => e === 'path').length).toBeGreaterThanOrEqual(6); // 3 phases × 2 panels
    expect(curvesPath('/runs/dense.safetensors')).toBe('/runs/dense.curves.svg');
  });
});
