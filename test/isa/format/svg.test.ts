// The SVG chart helpers: well-formed SVG for known data, axis ticks, colour scale ends, and points placed where the data says.
import { describe, expect, it } from 'vitest';
import { groupedBarChart, stackedBarChart } from '../../../isa/format/svg/bars.ts';
import { esc, linearTicks, logTicks, scaleColor } from '../../../isa/format/svg/common.ts';
import { meshHeatMap, meshLinkMap } from '../../../isa/format/svg/heatmap.ts';
import { linePlots } from '../../../isa/format/svg/lines.ts';
import { checkXml } from './xml.ts';

const mesh = { cols: 4, rows: 2, coresPerChip: 6, chips: [0] };

describe('svg helpers', () => {
  it('ticks are round and cover the range; log ticks fall back to decades when crowded', () => {
    expect(linearTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(linearTicks(0, 0.7, 5)).toEqual([0, 0.2, 0.4, 0.6]);
    expect(logTicks(1, 50)).toEqual([1, 2, 5, 10, 20, 50]);
    expect(logTicks(1, 1000)).toEqual([1, 10, 100, 1000]);
    expect(esc('a<b & "c"')).toBe('a&lt;b &amp; &quot;c&quot;');
  });

  it('the well-formedness check itself rejects broken markup', () => {
    expect(checkXml('<svg><g></svg>').ok).toBe(false);
    expect(checkXml('<svg><rect x=1/></svg>').ok).toBe(false);
    expect(checkXml('<svg width="NaN"/>').ok).toBe(false);
    expect(checkXml('<svg><g/></svg><svg/>').ok).toBe(false);
    expect(checkXml('<svg><g a="1"><text>x &lt; y</text></g></svg>').ok).toBe(true);
  });

  it('the colour scale runs from dark blue (0) to yellow (1) and clamps', () => {
    expect(scaleColor(0)).toBe('#261f5c');
    expect(scaleColor(1)).toBe('#f2e33c');
    expect(scaleColor(2)).toBe('#f2e33c');
    expect(scaleColor(Number.NaN)).toBe('#261f5c');
  });

  it('a standalone line plot is one well-formed <svg> with its namespace, and points map to the data', () => {
    const svg = linePlots('test plot', [
      { title: 'energy', xLabel: 'parameters', yLabel: 'µJ', logX: true, logY: true, series: [{ name: 'dense', points: [[1e5, 1], [1e6, 10]] }, { name: 'sparse', points: [[1e5, 0.5], [1e6, 2]], dashed: true }] },
      { title: 'latency', xLabel: 'parameters', yLabel: 'µs', series: [{ name: 'dense', points: [[0, 0], [10, 5]] }] },
    ], { standalone: true });
    const check = checkXml(svg.replace(/^<\?xml[^>]*\?>\n/, ''));
    expect(check.problems).toEqual([]);
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="920" height="346" viewBox="0 0 920 346"')).toBe(true);
    expect(check.elements.filter((e) => e === 'path')).toHaveLength(3);
    expect(check.elements.filter((e) => e === 'circle')).toHaveLength(6);
    const first = /<path d="M([\d.]+) ([\d.]+) L([\d.]+) ([\d.]+)"/.exec(svg)!.slice(1).map(Number);
    expect(first[2]).toBeGreaterThan(first[0]); // larger x → right
    expect(first[3]).toBeLessThan(first[1]); // larger y → up
    expect(svg).toContain('stroke-dasharray="6 4"');
  });

  it('a heat map draws one cell per core, coloured by value, with unusable positions hatched', () => {
    const svg = meshHeatMap({ title: 'busy', mesh, max: 1, cells: [{ chip: 0, x: 0, y: 0, value: 0 }, { chip: 0, x: 3, y: 0, value: 1, title: 'core 3' }] });
    const check = checkXml(svg);
    expect(check.problems).toEqual([]);
    expect(svg.match(/class="core"/g)).toHaveLength(2);
    expect(svg).toContain(`fill="${scaleColor(1)}" stroke`);
    expect(svg).toContain(`fill="${scaleColor(0)}" stroke`);
    expect(svg.match(/fill="#9a9ea6"/g)).toHaveLength(2); // positions 6 and 7 hold no usable core
    expect(svg).toContain('<title>core 3: 1</title>');
    expect(svg).not.toContain('xmlns');
  });

  it('a link map draws an arrow per link that carried traffic', () => {
    const links = [{ chip: 0, x1: 0, y1: 0, x2: 1, y2: 0, value: 4 }, { chip: 0, x1: 1, y1: 0, x2: 1, y2: 1, value: 2 }, { chip: 0, x1: 1, y1: 1, x2: 0, y2: 1, value: 0 }];
    const svg = meshLinkMap({ title: 'links', mesh, used: [{ chip: 0, x: 0, y: 0 }, { chip: 0, x: 1, y: 1 }], links });
    expect(checkXml(svg).problems).toEqual([]);
    expect(svg.match(/class="link"/g)).toHaveLength(2);
  });

  it('bar charts: one bar per category and series, stacked parts sum to the row total', () => {
    const grouped = groupedBarChart({ title: 'energy', categories: ['synop', 'hop', 'send'], series: [{ name: 'fall-through', values: [3, 1, 2] }, { name: 'pipelined', values: [2, 1, 0] }], unit: 'nJ' });
    expect(checkXml(grouped).problems).toEqual([]);
    expect(grouped.match(/class="bar"/g)).toHaveLength(6);
    const stacked = stackedBarChart({ title: 'split', rows: [{ name: 'a', parts: [{ name: 'dynamic', value: 1 }, { name: 'static', value: 3 }] }], unit: 'µJ' });
    expect(checkXml(stacked).problems).toEqual([]);
    expect(stacked).toContain('>4</text>');
  });
});
