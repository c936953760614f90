// Writes a benchmark's results as JSON and Markdown under bench/results/ (atomically), with the machine they ran on.
import { cpus, loadavg } from 'node:os';
import { writeFileAtomic } from '../isa/files.ts';

export interface BenchMachine {
  readonly node: string;
  readonly cpu: string;
  readonly cores: number;
  readonly date: string;
  /** One-minute load average when the run ended (the machine is shared: above ~1 per core, wall times are inflated). */
  readonly loadAverage: number;
}

export function machine(): BenchMachine {
  return { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, date: new Date().toISOString().slice(0, 10), loadAverage: Number(loadavg()[0].toFixed(2)) };
}

/** The median of some timings (the upper middle one for an even count), leaving the array as it was. */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function writeResults(name: string, json: unknown, markdown: string): void {
  const dir = new URL('./results/', import.meta.url).pathname;
  writeFileAtomic(`${dir}${name}.json`, `${JSON.stringify(json, null, 2)}\n`);
  writeFileAtomic(`${dir}${name}.md`, `${markdown}\n`);
  console.log(`wrote bench/results/${name}.json and .md`);
}

/** Write an SVG picture next to the results (atomically). */
export function writeSvg(name: string, svg: string): void {
  const dir = new URL('./results/', import.meta.url).pathname;
  writeFileAtomic(`${dir}${name}.svg`, svg.endsWith('\n') ? svg : `${svg}\n`);
  console.log(`wrote bench/results/${name}.svg`);
}
