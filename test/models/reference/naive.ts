// An independent, slow, obviously-correct BigInt implementation of the QGraph op semantics, to check the interpreter against.
import { sigmoidLut } from '../../../isa/arith.ts';
import type { QGraph, QOp } from '../../../models/qgraph/types.ts';

const sat = (x: bigint, bits = 16): bigint => {
  const hi = (1n << BigInt(bits - 1)) - 1n;
  const lo = -(1n << BigInt(bits - 1));
  return x > hi ? hi : x < lo ? lo : x;
};
const resc = (x: bigint, from: number, to: number): bigint => (to >= from ? x << BigInt(to - from) : x >> BigInt(from - to));

export class NaiveInterpreter {
  private readonly acts = new Map<string, bigint[]>();
  private readonly exps = new Map<string, number>();
  private readonly states = new Map<string, { re: bigint[]; im: bigint[] }>();

  constructor(private readonly g: QGraph) {}

  private t(name: string): bigint[] {
    return [...this.g.tensors.get(name)!.data].map(BigInt);
  }
  private e(name: string): number {
    return this.g.tensors.get(name)!.format.exp;
  }

  step(quantizedInput: number[]): number[] {
    for (const op of this.g.spec.ops) this.run(op, quantizedInput);
    return this.acts.get(this.g.spec.output)!.map(Number);
  }

  private run(op: QOp, input: number[]): void {
    switch (op.kind) {
      case 'input':
        this.acts.set(op.output, input.map(BigInt));
        this.exps.set(op.output, op.exp);
        return;
      case 'dense': {
        const x = this.acts.get(op.input)!;
        const w = this.t(op.weight);
        const b = this.t(op.bias);
        const out = b.map((bi, i) => {
          let acc = 0n;
          x.forEach((xj, j) => (acc += w[i * x.length + j] * xj));
          const y = sat(resc(acc, this.e(op.weight) + this.exps.get(op.input)!, op.outExp) + bi);
          return op.relu && y < 0n ? 0n : y;
        });
        this.acts.set(op.output, out);
        this.exps.set(op.output, op.outExp);
        return;
      }
      case 's5_state': {
        const u = this.acts.get(op.input)!;
        const [lr, li, br, bi, cr, ci] = [op.lambdaRe, op.lambdaIm, op.bRe, op.bIm, op.biasRe, op.biasIm].map((n) => this.t(n));
        const n = lr.length;
        const st = this.states.get(op.name) ?? { re: Array(n).fill(0n), im: Array(n).fill(0n) };
        const accExp = this.e(op.bRe) + this.exps.get(op.input)!;
        const eL = BigInt(this.e(op.lambdaRe));
        const h: bigint[] = Array(2 * n).fill(0n);
        for (let k = 0; k < n; k++) {
          let ar = 0n;
          let ai = 0n;
          u.forEach((uj, j) => {
            ar += br[k * u.length + j] * uj;
            ai += bi[k * u.length + j] * uj;
          });
          const bur = resc(ar, accExp, op.stateExp) + cr[k];
          const bui = resc(ai, accExp, op.stateExp) + ci[k];
          const re = sat(((lr[k] * st.re[k]) >> eL) - ((li[k] * st.im[k]) >> eL) + bur);
          const im = sat(((lr[k] * st.im[k]) >> eL) + ((li[k] * st.re[k]) >> eL) + bui);
          st.re[k] = re;
          st.im[k] = im;
          if (re > 0n || (re === 0n && im > 0n)) {
            h[k] = re;
            h[n + k] = im;
          }
        }
        this.states.set(op.name, st);
        this.acts.set(op.output, h);
        this.exps.set(op.output, op.stateExp);
        return;
      }
      case 's5_output': {
        const h = this.acts.get(op.input)!;
        const u = this.acts.get(op.skip)!;
        const n = h.length / 2;
        const [cr, ci, d, b] = [op.cRe, op.cIm, op.d, op.bias].map((x) => this.t(x));
        const cExp = this.e(op.cRe) + this.exps.get(op.input)! - 1;
        const dExp = this.e(op.d) + this.exps.get(op.skip)!;
        const out = b.map((bi, i) => {
          let acc = 0n;
          for (let k = 0; k < n; k++) acc += cr[i * n + k] * h[k] - ci[i * n + k] * h[n + k];
          const y = sat(resc(acc, cExp, op.outExp) + resc(d[i] * u[i], dExp, op.outExp) + bi);
          return y > 0n ? y : 0n;
        });
        this.acts.set(op.output, out);
        this.exps.set(op.output, op.outExp);
        return;
      }
      case 'glu_residual': {
        const a = this.acts.get(op.input)!;
        const u = this.acts.get(op.residual)!;
        const w = this.t(op.weight);
        const b = this.t(op.bias);
        const aExp = this.exps.get(op.input)!;
        const out = b.map((bi, i) => {
          let acc = 0n;
          a.forEach((aj, j) => (acc += w[i * a.length + j] * aj));
          const g = sat(resc(acc, this.e(op.weight) + aExp, 6) + bi);
          const s = BigInt(sigmoidLut(Number(g)));
          const y = sat(resc(u[i], this.exps.get(op.residual)!, op.outExp) + resc(a[i] * s, aExp + 8, op.outExp));
          return y > 0n ? y : 0n;
        });
        this.acts.set(op.output, out);
        this.exps.set(op.output, op.outExp);
        return;
      }
    }
  }
}
