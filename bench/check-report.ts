// `npm run check-report [report.html]`: open the demo's HTML report in real headless Chromium (DevTools protocol over a pipe), fail on console errors, exceptions or network requests, and save a full-page screenshot.
//
// Needs Debian's Chromium: `apt-get install -y chromium` (or set CHROMIUM to a Chrome/Chromium binary).
// Without an argument it runs `loom demo` into a temporary folder first. Not part of `npm test` (CI has
// no browser). No dependency: Chromium's --remote-debugging-pipe speaks NUL-separated JSON on fds 3/4.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { runDemo } from '../simulator/commands/demo.ts';

const WIDTH = 1400;
const HEIGHT = 2000;
const TIMEOUT_MS = 60_000;
const CANDIDATES = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

type Message = { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: { message: string }; sessionId?: string };

/** A DevTools-protocol connection over Chromium's debugging pipe. */
class Cdp {
  private next = 1;
  private buffer = '';
  private readonly pending = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  private readonly listeners: ((m: Message) => void)[] = [];

  constructor(private readonly out: Writable, input: Readable) {
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let end = this.buffer.indexOf('\0'); end >= 0; end = this.buffer.indexOf('\0')) {
        const message = JSON.parse(this.buffer.slice(0, end)) as Message;
        this.buffer = this.buffer.slice(end + 1);
        this.dispatch(message);
      }
    });
  }

  private dispatch(m: Message): void {
    if (m.id !== undefined && this.pending.has(m.id)) {
      const p = this.pending.get(m.id)!;
      this.pending.delete(m.id);
      if (m.error) p.reject(new Error(m.error.message));
      else p.resolve(m.result ?? {});
      return;
    }
    for (const l of this.listeners) l(m);
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.next++;
    this.out.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  on(listener: (m: Message) => void): void {
    this.listeners.push(listener);
  }

  /** Resolve on the first event named `method` (of `sessionId`). */
  once(method: string, sessionId: string): Promise<void> {
    return new Promise((resolve) => this.on((m) => m.method === method && m.sessionId === sessionId && resolve()));
  }
}

function findChromium(): string {
  const found = CANDIDATES.find((p): p is string => p !== undefined && existsSync(p));
  if (!found) {
    console.error('check-report: no Chromium found. Install it with `apt-get install -y chromium` (Debian), or set CHROMIUM=/path/to/chrome.');
    process.exit(2);
  }
  return found;
}

function launch(binary: string, profile: string): ChildProcess {
  const args = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-extensions', '--hide-scrollbars', '--mute-audio',
    `--user-data-dir=${profile}`, `--window-size=${WIDTH},${HEIGHT}`, '--remote-debugging-pipe', 'about:blank',
  ];
  return spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
}

/** Every problem the page shows: console errors, uncaught exceptions, log errors, requests that leave file:/data:/about:. */
function watchProblems(cdp: Cdp, sessionId: string): string[] {
  const problems: string[] = [];
  cdp.on((m) => {
    if (m.sessionId !== sessionId || !m.params) return;
    const p = m.params as Record<string, any>;
    if (m.method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert')) problems.push(`console.${p.type}: ${(p.args ?? []).map((a: any) => a.value ?? a.description).join(' ')}`);
    if (m.method === 'Runtime.exceptionThrown') problems.push(`exception: ${p.exceptionDetails?.exception?.description ?? p.exceptionDetails?.text}`);
    if (m.method === 'Log.entryAdded' && p.entry?.level === 'error') problems.push(`log error: ${p.entry.text} ${p.entry.url ?? ''}`.trim());
    if (m.method === 'Network.requestWillBeSent' && !/^(file|data|about):/.test(p.request?.url ?? '')) problems.push(`network request: ${p.request.url}`);
    if (m.method === 'Network.loadingFailed' && !p.canceled) problems.push(`failed load: ${p.errorText}`);
  });
  return problems;
}

interface PageFacts {
  readonly height: number;
  readonly svgs: number;
  readonly sections: readonly string[];
}

async function inspect(cdp: Cdp, report: string, screenshot: string): Promise<{ problems: string[]; facts: PageFacts }> {
  const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
  const problems = watchProblems(cdp, sessionId);
  for (const domain of ['Runtime', 'Log', 'Network', 'Page']) await cdp.send(`${domain}.enable`, {}, sessionId);
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: WIDTH, height: HEIGHT, deviceScaleFactor: 1, mobile: false }, sessionId);
  const loaded = cdp.once('Page.loadEventFired', sessionId);
  await cdp.send('Page.navigate', { url: pathToFileURL(report).href }, sessionId);
  await loaded;
  await new Promise((r) => setTimeout(r, 500));
  const expression = `JSON.stringify({ height: document.documentElement.scrollHeight, svgs: document.querySelectorAll('svg').length, sections: [...document.querySelectorAll('section')].map((s) => s.id) })`;
  const evaluated = (await cdp.send('Runtime.evaluate', { expression, returnByValue: true }, sessionId)) as { result: { value: string } };
  const facts = JSON.parse(evaluated.result.value) as PageFacts;
  const clip = { x: 0, y: 0, width: WIDTH, height: Math.min(facts.height, 16_000), scale: 1 };
  const shot = (await cdp.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true, clip }, sessionId)) as { data: string };
  writeFileSync(screenshot, Buffer.from(shot.data, 'base64'));
  return { problems, facts };
}

/** Wait for the browser to exit (it writes its profile until then); kill it after `ms`. */
function exited(browser: ChildProcess, ms: number): Promise<void> {
  if (browser.exitCode !== null || browser.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => browser.kill('SIGKILL'), ms);
    browser.once('exit', () => (clearTimeout(kill), resolve()));
  });
}

async function main(): Promise<number> {
  const binary = findChromium();
  let report = process.argv[2];
  const screenshot = resolve(process.argv[3] ?? new URL('./results/report-screenshot.png', import.meta.url).pathname);
  const scratch = mkdtempSync(join(tmpdir(), 'loom-check-report-'));
  if (!report) {
    console.log('running the demo into a temporary folder …');
    report = runDemo({ outDir: join(scratch, 'loom-out') }).files.report;
  }
  const browser = launch(binary, join(scratch, 'profile'));
  let stderr = '';
  browser.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const timer = setTimeout(() => {
    console.error(`check-report: timed out after ${TIMEOUT_MS / 1000} s\n${stderr}`);
    browser.kill('SIGKILL');
    process.exit(1);
  }, TIMEOUT_MS);
  const cdp = new Cdp(browser.stdio[3] as Writable, browser.stdio[4] as Readable);
  try {
    const { problems, facts } = await inspect(cdp, resolve(report), screenshot);
    await cdp.send('Browser.close').catch(() => {});
    console.log(`${report}: ${facts.sections.length} sections (${facts.sections.join(', ')}), ${facts.svgs} SVG pictures, ${facts.height} px tall`);
    console.log(`screenshot → ${screenshot}`);
    if (problems.length > 0) {
      console.error(`check-report: ${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}`);
      return 1;
    }
    console.log('no console errors, exceptions or network requests');
    return 0;
  } finally {
    clearTimeout(timer);
    await exited(browser, 5000);
    rmSync(scratch, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}

process.exit(await main());
