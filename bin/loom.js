#!/usr/bin/env node
// The `loom` command: registers tsx so the TypeScript sources run directly, then hands over to bin/loom.ts.
import { register } from 'tsx/esm/api';

register();
await import('./loom.ts');
