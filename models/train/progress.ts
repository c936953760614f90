// Progress events of training and compression runs: a bin-independent hook the CLI turns into a progress bar.

export interface StepEvent {
  readonly kind: 'step';
  /** train, relufy, prune, qat (the compression phases) */
  readonly phase: string;
  readonly step: number;
  readonly totalSteps: number;
  readonly epoch: number;
  readonly epochs: number;
  readonly loss: number;
  /** Mean SI-SNR of the step's training clips (dB). */
  readonly siSnr: number;
  readonly lr: number;
}

export interface EpochEvent {
  readonly kind: 'epoch';
  readonly phase: string;
  readonly epoch: number;
  readonly epochs: number;
  readonly step: number;
  readonly validation: EvalScore;
  readonly seconds: number;
}

export interface StatusEvent {
  readonly kind: 'status';
  readonly message: string;
}

export type TrainEvent = StepEvent | EpochEvent | StatusEvent;
export type ProgressHook = (event: TrainEvent) => void;

/** Mean SI-SNR of enhanced clips and its improvement over the noisy input (dB). */
export interface EvalScore {
  readonly clips: number;
  readonly siSnr: number;
  readonly siSnri: number;
  /** Mean SI-SNR of the noisy input. */
  readonly inputSiSnr: number;
}

/** One line per event, for logs and non-terminal output. */
export function formatEvent(e: TrainEvent): string {
  if (e.kind === 'status') return e.message;
  if (e.kind === 'step') {
    return `${e.phase} step ${e.step}/${e.totalSteps} · loss ${e.loss.toFixed(3)} · SI-SNR ${e.siSnr.toFixed(2)} dB · lr ${e.lr.toExponential(2)}`;
  }
  const v = e.validation;
  return `${e.phase} epoch ${e.epoch}/${e.epochs} (step ${e.step}, ${e.seconds.toFixed(0)} s): validation SI-SNR ${v.siSnr.toFixed(2)} dB, SI-SNRi ${v.siSnri.toFixed(2)} dB`;
}
