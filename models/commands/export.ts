// `loom export`: float checkpoint → QGraph, calibrated on synthetic frames, with a fidelity check of fixed against float.
import { syntheticFrames } from '../data/synthetic-frames.ts';
import { writeQGraphFile } from '../qgraph/format.ts';
import { exportQGraph } from '../qgraph/export.ts';
import { fixedVsFloat, type Fidelity } from '../qgraph/fidelity.ts';
import type { QGraph } from '../qgraph/types.ts';
import { LoomError } from '../../isa/diagnostics/index.ts';
import { loadTrainedCheckpoint } from '../train/checkpoint.ts';
import type { S5Network } from '../s5/types.ts';

export interface ExportFileOptions {
  readonly checkpoint: string;
  readonly out: string;
  readonly calibrationFrames?: number;
  readonly seed?: number;
  readonly headroomBits?: number;
  /** Frames of a fresh clip on which to measure fixed-vs-float SNR (0 to skip). */
  readonly fidelityFrames?: number;
}

export interface ExportSummary {
  readonly graph: QGraph;
  readonly clippedWeights: Readonly<Record<string, number>>;
  readonly fidelity: Fidelity | null;
}

/** Calibrate on `calibrationFrames` synthetic frames (seed), quantize, and measure fidelity on another clip (seed + 1). */
export function exportNetwork(net: S5Network, options: Omit<ExportFileOptions, 'checkpoint' | 'out'> & { readonly source?: string }): ExportSummary {
  const seed = options.seed ?? 0;
  const calibrationFrames = syntheticFrames({ count: options.calibrationFrames ?? 256, seed, bins: net.hyper.inputSize });
  const { graph, clippedWeights } = exportQGraph(net, {
    calibrationFrames,
    headroomBits: options.headroomBits,
    provenance: { source: options.source ?? 'memory', calibrationSeed: String(seed) },
  });
  const fidelityFrames = options.fidelityFrames ?? 200;
  const fidelity = fidelityFrames > 0 ? fixedVsFloat(net, graph, syntheticFrames({ count: fidelityFrames, seed: seed + 1, bins: net.hyper.inputSize })) : null;
  return { graph, clippedWeights, fidelity };
}

export function exportFile(options: ExportFileOptions): ExportSummary {
  const { net, activation } = loadTrainedCheckpoint(options.checkpoint);
  if (activation !== 'relu') throw new LoomError('model-activation', { file: options.checkpoint, activation, action: 'fixed-point export' });
  const summary = exportNetwork(net, { ...options, source: options.checkpoint.split('/').pop() });
  writeQGraphFile(options.out, summary.graph);
  return summary;
}
