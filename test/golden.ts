// Loads the golden fixtures copied from ../shared/golden (the project must pass without ../shared).
import { readFileSync } from 'node:fs';

export function loadGolden<T = any>(name: 'fixed_point' | 's5_float'): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/golden/${name}.json`, import.meta.url), 'utf8')) as T;
}
