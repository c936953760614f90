// The event kernel: the heap pops in (time, priority, seq) order, equal keys leave in scheduling order, and the engine repeats runs exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventHeap } from '../../simulator/kernel/heap.ts';
import { Engine } from '../../simulator/kernel/engine.ts';

describe('EventHeap', () => {
  it('pops events sorted by time, then priority, then push order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3 })), { maxLength: 600 }), (events) => {
        const heap = new EventHeap();
        events.forEach(([t, p], i) => heap.push(t / 4, p, 7, i));
        const popped: [number, number, number][] = [];
        while (heap.pop()) {
          expect(heap.topKind).toBe(7);
          popped.push([heap.topTime, heap.topPriority, heap.topArg]);
        }
        const expected = events.map(([t, p], i) => [t / 4, p, i] as [number, number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
        expect(popped).toEqual(expected);
      }),
    );
  });

  it('interleaves pushes and pops correctly and grows past its initial capacity', () => {
    const heap = new EventHeap();
    const seen: number[] = [];
    for (let i = 0; i < 1000; i++) heap.push((i * 37) % 101, 0, 0, i);
    for (let i = 0; i < 500; i++) (heap.pop(), seen.push(heap.topTime));
    for (let i = 0; i < 1000; i++) heap.push(100 + (i % 13), 0, 0, i);
    while (heap.pop()) seen.push(heap.topTime);
    expect(seen.length).toBe(2000);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    expect(heap.pop()).toBe(false);
  });
});

describe('Engine', () => {
  function run(): string[] {
    const engine = new Engine();
    const log: string[] = [];
    const tick = engine.on((n, now) => {
      log.push(`tick ${n} @${now}`);
      if (n < 5) engine.after(n % 2 === 0 ? 1.5 : 0, n % 3, tick, n + 1);
    });
    const other = engine.on((n, now) => log.push(`other ${n} @${now}`));
    for (let i = 0; i < 4; i++) engine.at(1.5, 1, other, i);
    engine.at(0, 0, tick, 0);
    engine.run();
    return log;
  }

  it('handles events in time order, equal times by priority, then by scheduling order', () => {
    const log = run();
    expect(log[0]).toBe('tick 0 @0');
    const times = log.map((l) => Number(l.split('@')[1]));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
    expect(log.filter((l) => l.startsWith('other'))).toEqual(['other 0 @1.5', 'other 1 @1.5', 'other 2 @1.5', 'other 3 @1.5']);
    expect(log.indexOf('tick 1 @1.5')).toBeLessThan(log.indexOf('other 0 @1.5')); // priority 0 before 1
  });

  it('repeats a run event for event', () => {
    expect(run()).toEqual(run());
  });

  it('refuses to schedule in the past or to skip pending events', () => {
    const engine = new Engine();
    const k = engine.on(() => {});
    engine.advanceTo(10);
    expect(() => engine.at(5, 0, k, 0)).toThrow(/before now/);
    engine.at(12, 0, k, 0);
    expect(() => engine.advanceTo(20)).toThrow(/pending/);
    expect(engine.run()).toBe(1);
    expect(engine.now).toBe(12);
  });
});
