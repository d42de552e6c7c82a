// (f) The site under a mail flood: the consultation page GET measured alone and while a flood of
// realistic feedback plus .docx bombs (three attachments of ~360 KB, each holding 60 MB of XML)
// arrives at the SMTP door. Target: page GET throughput during the flood ≥ 0.8 × without it, p99
// < 50 ms. Slices alternate — alone, flood, flood, alone — and the flood's backlog is read to the
// end before the last slice, so that it cannot fall on the wrong side. `npx tsx bench/flood.ts`
// runs it alone; `npm run bench` runs it with the others.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import BetterSqlite3 from 'better-sqlite3';
import { databasePath } from '../src/platform/node/data-dir.ts';
import type { FloodFigures, FloodSettings } from './flood-sender.ts';
import { fixed, type LoadFigures, type LoadSpec, load, makeTempDir, onExit, percent, PROJECT_ROOT, ServerProcess, SLUG, table } from './lib.ts';

export const FLOOD_TARGET = { ratio: 0.8, p99Ms: 50 };
const SLICE_SECONDS = 5;
const WARMUP_SECONDS = 2;

export interface FloodBenchFigures {
  settings: Omit<FloodSettings, 'port' | 'to'>;
  alone: LoadFigures;
  flooded: LoadFigures;
  sender: FloodFigures;
  /** What the server made of the flood once its backlog was read. */
  stored: { messages: number; filed: number; comments: number; setAside: number; bombsSetAside: number; stillReceived: number };
  drainSeconds: number;
}

class Sender {
  private readonly lines: AsyncIterator<string>;

  private constructor(private readonly child: ChildProcess) {
    this.lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const forget = onExit(() => child.kill('SIGKILL'));
    child.once('exit', forget);
  }

  static async start(settings: FloodSettings): Promise<Sender> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/flood-sender.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, FLOOD: JSON.stringify(settings) },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const sender = new Sender(child);
    await sender.expect(/^READY$/);
    return sender;
  }

  private async expect(pattern: RegExp): Promise<RegExpExecArray> {
    for (;;) {
      const { value, done } = await this.lines.next();
      if (done) throw new Error(`flood sender ended before ${pattern}`);
      const match = pattern.exec(value);
      if (match) return match;
    }
  }

  go(): void {
    this.child.stdin!.write('go\n');
  }

  async stop(): Promise<FloodFigures> {
    this.child.stdin!.write('stop\n');
    const done = await this.expect(/^DONE (\{.*\})$/);
    return JSON.parse(done[1]!) as FloodFigures;
  }
}

function storedFigures(dataDir: string): FloodBenchFigures['stored'] {
  const db = new BetterSqlite3(databasePath(dataDir), { readonly: true });
  try {
    const row = db
      .prepare(
        `SELECT count(*) AS messages,
           sum(state = 'processed') AS filed,
           sum(state = 'needs_attention') AS setAside,
           sum(state = 'needs_attention' AND reason LIKE '%"limit":"unpacked"%') AS bombsSetAside,
           sum(state = 'received') AS stillReceived,
           (SELECT count(*) FROM comments WHERE inbound_message_id IS NOT NULL) AS comments
         FROM inbound_messages`,
      )
      .get() as Record<string, number | null>;
    return {
      messages: row.messages ?? 0,
      filed: row.filed ?? 0,
      comments: row.comments ?? 0,
      setAside: row.setAside ?? 0,
      bombsSetAside: row.bombsSetAside ?? 0,
      stillReceived: row.stillReceived ?? 0,
    };
  } finally {
    db.close();
  }
}

/** Waits until nothing the server stored is left unread (bounded). */
async function drained(dataDir: string, timeoutMs = 120_000): Promise<number> {
  const started = performance.now();
  while (storedFigures(dataDir).stillReceived > 0 && performance.now() - started < timeoutMs) await new Promise((r) => setTimeout(r, 100));
  return (performance.now() - started) / 1000;
}

function merge(label: string, a: LoadFigures, b: LoadFigures): LoadFigures {
  const requests = a.requests + b.requests;
  const seconds = a.seconds + b.seconds;
  const weighted = (f: (x: LoadFigures) => number | null) => {
    const x = f(a);
    const y = f(b);
    return x === null || y === null ? null : (x * a.seconds + y * b.seconds) / seconds;
  };
  return {
    label,
    requests,
    seconds,
    rps: requests / seconds,
    p50: Math.max(a.p50, b.p50),
    p90: Math.max(a.p90, b.p90),
    // The worse slice's p99: an honest bound rather than an average of percentiles.
    p99: Math.max(a.p99, b.p99),
    max: Math.max(a.max, b.max),
    badStatus: a.badStatus + b.badStatus,
    errors: a.errors + b.errors,
    bytesPerResponse: requests ? (a.bytesPerResponse * a.requests + b.bytesPerResponse * b.requests) / requests : 0,
    serverCpu: weighted((x) => x.serverCpu),
    generatorCpu: weighted((x) => x.generatorCpu)!,
    otherCpu: weighted((x) => x.otherCpu),
    serverMicrosPerRequest: requests ? (((a.serverMicrosPerRequest ?? 0) * a.requests + (b.serverMicrosPerRequest ?? 0) * b.requests) / requests) : null,
  };
}

export async function benchFlood(options: { connections?: number; perSecond?: number; bombEveryMs?: number; log?: (line: string) => void } = {}): Promise<FloodBenchFigures> {
  const log = options.log ?? (() => {});
  const settings = { connections: options.connections ?? 4, perSecond: options.perSecond ?? 100, bombEveryMs: options.bombEveryMs ?? 1000 };
  const dataDir = makeTempDir('yijian-bench-flood-');
  const server = await ServerProcess.start(dataDir);
  try {
    const page: LoadSpec = {
      label: 'consultation page GET',
      method: 'GET',
      path: `/consultations/${SLUG}`,
      headers: { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' },
      expectStatus: 200,
      seconds: SLICE_SECONDS,
    };
    await load(server, { ...page, seconds: WARMUP_SECONDS });
    const sender = await Sender.start({ port: server.smtpPort, to: `${SLUG}@yijian.localhost`, ...settings });
    log(`  flood: ${settings.connections} SMTP connections at ${settings.perSecond || 'unthrottled'} messages/s, a bomb every ${settings.bombEveryMs} ms`);

    const alone1 = await load(server, page);
    sender.go();
    // Let the flood reach its rate (and the reader threads start) before measuring.
    await new Promise((r) => setTimeout(r, 1000));
    const flood1 = await load(server, page);
    const flood2 = await load(server, page);
    const figures = await sender.stop();
    const drainSeconds = await drained(dataDir);
    const alone2 = await load(server, page);
    const alone = merge('page GET alone', alone1, alone2);
    const flooded = merge('page GET during the flood', flood1, flood2);
    for (const f of [alone, flooded]) log(`  ${f.label}: ${fixed(f.rps)} req/s, p99 ${fixed(f.p99, 1)} ms`);
    return { settings, alone, flooded, sender: figures, stored: storedFigures(dataDir), drainSeconds };
  } finally {
    await server.stop();
  }
}

export function floodReport(f: FloodBenchFigures): string[] {
  const s = f.sender;
  return [
    `(f) page GET under a mail flood: ${f.settings.connections} SMTP connections of realistic feedback at ${f.settings.perSecond || 'as many as taken'} messages/s, plus one`,
    `    message with three .docx bombs (${fixed(s.bombBytes / 1024)} KB, each attachment holding 60 MB of XML) every ${f.settings.bombEveryMs} ms;`,
    `    slices of ${SLICE_SECONDS} s: alone, flood, flood, alone (the flood's backlog read before the last)`,
    table(
      ['route', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-200', 'server CPU', 'bench CPU', 'other CPU'],
      [f.alone, f.flooded].map((x) => [x.label, fixed(x.rps), fixed(x.p50, 1), fixed(x.p90, 1), fixed(x.p99, 1), fixed(x.max), String(x.badStatus + x.errors), percent(x.serverCpu), percent(x.generatorCpu), percent(x.otherCpu)]),
    ),
    `    throughput ratio ${fixed(f.flooded.rps / f.alone.rps, 2)}; mail during the flood: ${s.acknowledged} realistic messages and ${s.bombsAcknowledged} bombs acknowledged in ${fixed(s.seconds, 1)} s` +
      ` (${fixed(s.acknowledged / s.seconds)} /s), ${s.refused} refused;`,
    `    stored ${f.stored.messages}: ${f.stored.filed} filed (${f.stored.comments} comments), ${f.stored.setAside} set aside (${f.stored.bombsSetAside} bombs, reason: unpacked size), ${f.stored.stillReceived} unread; backlog read ${fixed(f.drainSeconds, 1)} s after the flood stopped`,
  ];
}

export function floodVerdicts(f: FloodBenchFigures): { target: string; value: string; pass: boolean }[] {
  const ratio = f.flooded.rps / f.alone.rps;
  return [
    { target: `page GET during a mail flood ≥ ${FLOOD_TARGET.ratio} × without`, value: fixed(ratio, 2), pass: ratio >= FLOOD_TARGET.ratio },
    { target: `page GET p99 during a mail flood < ${FLOOD_TARGET.p99Ms} ms`, value: `${fixed(f.flooded.p99, 1)} ms`, pass: f.flooded.p99 < FLOOD_TARGET.p99Ms },
    {
      target: 'mail flood: every bomb stored and set aside, nothing left unread',
      value: `${f.stored.bombsSetAside} of ${f.sender.bombsAcknowledged} set aside, ${f.stored.stillReceived} unread`,
      pass: f.stored.bombsSetAside === f.sender.bombsAcknowledged && f.stored.stillReceived === 0 && f.sender.bombsAcknowledged > 0,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const numeric = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  benchFlood({ log: console.log, connections: numeric('FLOOD_CONNECTIONS'), perSecond: numeric('FLOOD_PER_SECOND'), bombEveryMs: numeric('FLOOD_BOMB_EVERY_MS') })
    .then((f) => {
      console.log(floodReport(f).join('\n'));
      for (const v of floodVerdicts(f)) console.log(`${v.pass ? 'PASS' : 'MISS'}  ${v.target}: ${v.value}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(() => process.exit());
}
