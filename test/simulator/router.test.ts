// Routing and link tables: X-Y on the sending chip, then the shortest chain of chip links; hop counts and link costs from the chip spec.
import { describe, expect, it } from 'vitest';
import { loadChipSpec } from '../../isa/chip/load.ts';
import { buildNetwork } from '../../simulator/chip/router.ts';
import { LinkState } from '../../simulator/chip/link.ts';
import { timePrices } from '../../simulator/timing.ts';

describe('router', () => {
  const tiny = loadChipSpec('tiny'); // 2 × 2 chips of 4 × 2 cores
  const endpoints = [
    { chip: 0, x: 0, y: 0 },
    { chip: 0, x: 3, y: 1 },
    { chip: 3, x: 1, y: 0 },
  ];
  const net = buildNetwork(tiny, timePrices(tiny), endpoints, Int32Array.of(0, 1, 1, 0, 1, 2));
  const labels = (r: number) => Array.from(net.routes.link.subarray(net.routes.start[r], net.routes.start[r + 1]), (l) => net.links.label[l]);

  it('routes X first, then Y, on one chip', () => {
    expect(labels(0)).toEqual([
      'chip 0 (0,0)→(1,0) east',
      'chip 0 (1,0)→(2,0) east',
      'chip 0 (2,0)→(3,0) east',
      'chip 0 (3,0)→(3,1) south',
    ]);
    expect([net.routes.hopsEastWest[0], net.routes.hopsNorthSouth[0], net.routes.crossings[0]]).toEqual([3, 1, 0]);
    expect(labels(1)[0]).toBe('chip 0 (3,1)→(2,1) west'); // the reverse direction is another link
  });

  it('crosses chips over the breadth-first shortest chain of links (ties to the lower chip)', () => {
    // chip 0 → chip 3 in a 2 × 2 grid: via chip 1 (the lower of 1 and 2), after the mesh route toward (1, 0)
    expect(labels(2)).toEqual(['chip 0 (3,1)→(2,1) west', 'chip 0 (2,1)→(1,1) west', 'chip 0 (1,1)→(1,0) north', 'chip 0→chip 1', 'chip 1→chip 3']);
    expect(net.routes.crossings[2]).toBe(2);
    const chipLink = net.routes.link[net.routes.start[2] + 3];
    expect(net.links.onChip[chipLink]).toBe(0);
    expect(net.links.occupancyNs[chipLink]).toBe(tiny.links.messageNs);
    expect(net.links.latencyNs[chipLink]).toBe(tiny.timing.chipCrossingNs);
    const ns = net.routes.link[net.routes.start[2] + 2];
    expect(net.links.occupancyNs[ns]).toBe(tiny.timing.hopNs.northSouth);
  });

  it('shares one link among the routes that use it', () => {
    const west = net.links.label.indexOf('chip 0 (3,1)→(2,1) west');
    expect(net.links.label.filter((l) => l === 'chip 0 (3,1)→(2,1) west')).toHaveLength(1);
    expect(Array.from(net.routes.link).filter((l) => l === west)).toHaveLength(2);
  });

  it('serialises trains on a link: the second waits for the first', () => {
    const links = new LinkState(net.links);
    const l = net.routes.link[0];
    const occ = net.links.occupancyNs[l];
    links.transfer(l, 0, 0, 10);
    expect([links.start, links.end]).toEqual([0, 10 * occ]);
    links.transfer(l, occ, occ, 3); // arrives while 9 packets are still waiting
    expect(links.start).toBe(10 * occ);
    expect(links.end).toBeCloseTo(13 * occ, 9);
    expect(links.peakQueue[l]).toBe(12);
    links.transfer(l, 100 * occ, 120 * occ, 2); // a spread-out train: its tail sets the end
    expect(links.end).toBeCloseTo(121 * occ, 9);
    expect(links.packets[l]).toBe(15);
  });
});
