// `npm run build:wasm`: assembles delivery.wat into delivery.wasm with wabt (a dev dependency; the simulator loads the committed binary).
import { readFileSync } from 'node:fs';
import wabt from 'wabt';
import { writeFileAtomic } from '../../isa/files.ts';
import { WASM_FILE } from './kernel.ts';

export const WAT_FILE = new URL('./delivery.wat', import.meta.url).pathname;

/** The binary of delivery.wat, without names or debug sections (so it depends on the instructions only). */
export async function assembleDeliveryKernel(): Promise<Uint8Array> {
  const tools = await wabt();
  const module = tools.parseWat('delivery.wat', readFileSync(WAT_FILE, 'utf8'), { sign_extension: true });
  try {
    module.validate();
    return module.toBinary({ log: false, write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bytes = await assembleDeliveryKernel();
  writeFileAtomic(WASM_FILE, bytes);
  console.log(`wrote ${WASM_FILE} (${bytes.length} bytes)`);
}
