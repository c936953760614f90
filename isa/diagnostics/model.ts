// 1xx diagnostics: model files (float checkpoints, QGraph containers) and their graphs.
import type { DiagnosticTable } from './types.ts';

export const MODEL_DIAGNOSTICS = {
  'file-unreadable': {
    code: 100,
    template: 'cannot read {file}: {reason}',
    hint: 'check the path and that the file is readable',
  },
  'safetensors-truncated': {
    code: 101,
    template: '{file}: safetensors container is truncated ({detail})',
    hint: 'the file is incomplete; write it again',
  },
  'safetensors-header': {
    code: 102,
    template: '{file}: safetensors header is malformed: {detail}',
    hint: 'the file is not a valid .safetensors container; write it again',
  },
  'safetensors-dtype': {
    code: 103,
    template: '{file}: tensor {tensor} has dtype {dtype}; expected one of {allowed}',
    hint: 'store the tensor with a supported dtype',
  },
  'safetensors-offsets': {
    code: 104,
    template: '{file}: tensor {tensor} data offsets [{begin}, {end}) do not match its shape {shape} ({bytes} bytes) or the data area ({dataBytes} bytes)',
    hint: 'the container is corrupted; write it again',
  },
  'not-a-qgraph': {
    code: 110,
    template: '{file}: metadata field {field} is {actual}; expected {expected}',
    hint: 'create QGraph files with `loom export`',
  },
  'qgraph-version': {
    code: 111,
    template: '{file}: QGraph format version {actual}; this Loom reads version {expected}',
    hint: 're-export the model with this version of Loom (`loom export`)',
  },
  'qgraph-json': {
    code: 112,
    template: '{file}: metadata field {field} is not valid JSON of the expected shape: {detail}',
    hint: 're-export the model with `loom export`',
  },
  'qgraph-unknown-op': {
    code: 120,
    template: 'op {op}: unknown kind "{kind}"; known kinds: {known}',
    hint: 'use one of the known op kinds or upgrade Loom',
  },
  'qgraph-missing-tensor': {
    code: 121,
    template: 'op {op}: tensor {tensor} (field {field}) is not in the file',
    hint: 're-export the model; the file lost a tensor',
  },
  'qgraph-shape': {
    code: 122,
    template: 'op {op}: tensor {tensor} has shape {actual}; expected {expected}',
    hint: 're-export the model; its tensors and its graph disagree',
  },
  'qgraph-bits': {
    code: 123,
    template: 'tensor {tensor}: {bits} bits is out of range for dtype {dtype} (allowed {min}..{max})',
    hint: 'declare a bit width that fits the stored dtype',
  },
  'qgraph-value-range': {
    code: 124,
    template: 'tensor {tensor}: element {index} = {value} does not fit {bits}-bit {signedness}',
    hint: 'saturate values to the declared width at export',
  },
  'qgraph-exp': {
    code: 125,
    template: 'tensor {tensor}: exponent {exp} is outside {min}..{max}',
    hint: 'check the quantization scales; a power-of-two exponent this large means a degenerate range',
  },
  'qgraph-edge': {
    code: 126,
    template: 'op {op}: input {input} is not produced by an earlier op',
    hint: 'list ops in topological order and name existing activations',
  },
  'qgraph-width': {
    code: 127,
    template: 'op {op}: input {input} has {actual} elements; expected {expected}',
    hint: 're-export the model; layer widths disagree',
  },
  'qgraph-dtype': {
    code: 128,
    template: 'op {op}: tensor {tensor} has dtype {actual}; expected {expected}',
    hint: 're-export the model with `loom export`',
  },
  'qgraph-duplicate': {
    code: 129,
    template: 'op {op}: activation {name} is defined twice',
    hint: 'give every op output a unique name',
  },
  'qgraph-structure': {
    code: 130,
    template: 'graph: {detail}',
    hint: 'a QGraph needs exactly one input op and names its output activation',
  },
  'checkpoint-arch': {
    code: 140,
    template: '{file}: checkpoint metadata {field}: {detail}',
    hint: 'create checkpoints with `loom model` or `loom train`',
  },
  'checkpoint-tensor': {
    code: 141,
    template: '{file}: checkpoint tensor {tensor}: {detail}',
    hint: 'the checkpoint does not match its architecture; recreate it',
  },
  'float-not-finite': {
    code: 142,
    template: '{file}: float tensor {tensor} holds a non-finite value ({value}) at element {index}',
    hint: 'the model diverged; retrain or restore an earlier checkpoint before export',
  },
  'model-hyper': {
    code: 150,
    template: 'model option {option} = {value}: {detail}',
    hint: 'choose a value in the allowed range',
  },
  'workload-invalid': {
    code: 160,
    template: '{source}: workload field {path} = {value}; it must be {constraint}',
    hint: 'fix the layer-stack description; models/workloads/README.md lists its fields and their ranges',
  },
} as const satisfies DiagnosticTable;
