// Rebuilds the bundled demo clip (noisy-clip.wav and clean-clip.wav) from its recipe in clip.ts: `npx tsx models/bundled/make-clip.ts`.
import { writeFileAtomic } from '../../isa/files.ts';
import { DEMO_CLIP, buildDemoClip } from './clip.ts';

if (import.meta.url === `file://${process.argv[1]}`) {
  const { noisy, clean } = buildDemoClip(DEMO_CLIP);
  writeFileAtomic(DEMO_CLIP.noisy, noisy);
  writeFileAtomic(DEMO_CLIP.clean, clean);
  console.log(`${DEMO_CLIP.description}\nwrote ${DEMO_CLIP.noisy} and ${DEMO_CLIP.clean} (${noisy.length.toLocaleString('en-US')} bytes each)`);
}
