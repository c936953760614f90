// Link serialisation: each mesh or chip link passes one packet at a time, so trains queue behind each other; per link it records packets, busy time and the peak queue.
//
// A train is k packets whose first enters a link no earlier than `head` and whose last is ready no
// earlier than `tail` (they left their sender spread out). The link takes it at start = max(head,
// free); the last packet leaves the link's input at end = max(start + k·occupancy, tail + occupancy);
// the link is free again at `end`. Packets of one train stay in order and are not interleaved with
// other trains (the batching approximation, simulator/README.md).
import type { LinkTable } from './router.ts';

export class LinkState {
  /** When each link can take its next packet. */
  readonly freeAt: Float64Array;
  /** Packets per link this step, and over the run. */
  readonly stepPackets: Float64Array;
  readonly packets: Float64Array;
  /** Σ packets × occupancy per link over the run. */
  readonly busyNs: Float64Array;
  /** Most packets waiting at a link's input at once (including an arriving train). */
  readonly peakQueue: Float64Array;
  /** Result of the last `transfer`: when the train started and finished entering the link. */
  start = 0;
  end = 0;

  constructor(readonly table: LinkTable) {
    const n = table.count;
    this.freeAt = new Float64Array(n);
    this.stepPackets = new Float64Array(n);
    this.packets = new Float64Array(n);
    this.busyNs = new Float64Array(n);
    this.peakQueue = new Float64Array(n);
  }

  /** A train of `packets` packets arrives at link l; sets `start` and `end`. */
  transfer(l: number, head: number, tail: number, packets: number): void {
    const occ = this.table.occupancyNs[l];
    const free = this.freeAt[l];
    const start = free > head ? free : head;
    const packed = start + packets * occ;
    const trailing = tail + occ;
    const end = packed > trailing ? packed : trailing;
    const waiting = (free > head && occ > 0 ? Math.ceil((free - head) / occ) : 0) + packets;
    if (waiting > this.peakQueue[l]) this.peakQueue[l] = waiting;
    this.freeAt[l] = end;
    this.stepPackets[l] += packets;
    this.packets[l] += packets;
    this.busyNs[l] += packets * occ;
    this.start = start;
    this.end = end;
  }

  /** Fold this step's packets away (the run totals were already counted). */
  endStep(): void {
    this.stepPackets.fill(0);
  }
}
