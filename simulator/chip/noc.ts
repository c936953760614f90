// The network at run time: trains (one batch's packets of one step) moving along their routes link by link, then arriving at their receiving core.
//
// A train is identified by its batch (a batch sends at most one train per step). Each link crossing
// is one event, so trains meet at links in time order and serialise there (chip/link.ts). A packet
// crossing link l reaches its far end latencyNs[l] after entering it: for a train that entered over
// [start, end), the head arrives at start + latency and the tail at end − occupancy + latency.
import type { Engine } from '../kernel/engine.ts';
import type { LoadedImage } from '../load.ts';
import type { LinkState } from './link.ts';

/** Event priorities among equal times: link crossings, then arrivals at cores, then cores finishing jobs. */
export const PRIORITY = { link: 0, arrive: 1, done: 2 } as const;

export class Noc {
  /** Per train (= batch): when its first and last packet reach the next point, packets, data messages, synaptic ops, links crossed. */
  readonly head: Float64Array;
  readonly tail: Float64Array;
  readonly packets: Int32Array;
  readonly messages: Int32Array;
  readonly synops: Float64Array;
  private readonly hop: Int32Array;
  private readonly linkKind: number;
  private readonly arriveKind: number;

  constructor(
    private readonly engine: Engine,
    private readonly img: LoadedImage,
    private readonly links: LinkState,
    arrive: (batch: number, now: number) => void,
  ) {
    const n = img.batches.count;
    this.head = new Float64Array(n);
    this.tail = new Float64Array(n);
    this.packets = new Int32Array(n);
    this.messages = new Int32Array(n);
    this.synops = new Float64Array(n);
    this.hop = new Int32Array(n);
    this.linkKind = engine.on((b) => this.crossLink(b));
    this.arriveKind = engine.on(arrive);
  }

  /** Send batch b's train: first packet ready at `head`, last at `tail`. */
  launch(b: number, head: number, tail: number, packets: number, messages: number, synops: number): void {
    this.head[b] = head;
    this.tail[b] = tail;
    this.packets[b] = packets;
    this.messages[b] = messages;
    this.synops[b] = synops;
    this.hop[b] = 0;
    const route = this.img.batches.route[b];
    const crosses = route >= 0 && this.img.network.routes.start[route + 1] > this.img.network.routes.start[route];
    this.engine.at(head, crosses ? PRIORITY.link : PRIORITY.arrive, crosses ? this.linkKind : this.arriveKind, b);
  }

  private crossLink(b: number): void {
    const routes = this.img.network.routes;
    const r = this.img.batches.route[b];
    const i = routes.start[r] + this.hop[b]++;
    const l = routes.link[i];
    const links = this.links;
    links.transfer(l, this.head[b], this.tail[b], this.packets[b]);
    const lat = links.table.latencyNs[l];
    this.head[b] = links.start + lat;
    this.tail[b] = links.end - links.table.occupancyNs[l] + lat;
    const last = i + 1 === routes.start[r + 1];
    this.engine.at(this.head[b], last ? PRIORITY.arrive : PRIORITY.link, last ? this.arriveKind : this.linkKind, b);
  }
}
