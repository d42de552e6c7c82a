// Running wrangler from Node: the local workerd (`wrangler dev`), D1 commands and R2 uploads,
// offline. Used by `npm run worker:dev`, `worker:user-add`, the workerd tests and the benchmark.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { PROJECT_ROOT } from './project-files.ts';

/** wrangler's own script, run with this Node (no npx, no PATH lookup). */
export function wranglerScript(): string {
  return createRequire(import.meta.url).resolve('wrangler/bin/wrangler.js');
}

/**
 * The environment every wrangler call gets: no metrics, no fetch of Cloudflare's request
 * properties, no banner (whose update check asks the npm registry for wrangler's latest version).
 */
export function offlineWranglerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    WRANGLER_HIDE_BANNER: 'true',
    // Never wait on a confirmation prompt (migrations apply asks one on a terminal).
    CI: process.env.CI ?? 'true',
    ...extra,
  };
}

/** Where the local D1 and R2 live: `--persist-to`, or wrangler's default (.wrangler/state). */
export interface LocalState {
  persistTo?: string;
}

export function stateArgs(where: LocalState): string[] {
  return where.persistTo ? ['--persist-to', where.persistTo] : [];
}

export interface WranglerResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one wrangler command to its end; throws with its output when it fails. */
export function runWrangler(args: string[], options: { input?: string; allowFailure?: boolean } = {}): Promise<WranglerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wranglerScript(), ...args], { cwd: PROJECT_ROOT, env: offlineWranglerEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const result = { code: code ?? 1, stdout, stderr };
      if (result.code !== 0 && !options.allowFailure) reject(new Error(`wrangler ${args.join(' ')} failed (${result.code}):\n${stdout}\n${stderr}`));
      else resolve(result);
    });
    child.stdin.end(options.input ?? '');
  });
}

/** `wrangler d1 migrations apply DB`: migrations/*.sql, bookkept in d1_migrations like Node's. */
export async function applyD1Migrations(where: LocalState & { remote?: boolean }): Promise<void> {
  await runWrangler(['d1', 'migrations', 'apply', 'DB', where.remote ? '--remote' : '--local', ...stateArgs(where)]);
}

/** `wrangler d1 execute DB --json`: the rows of the last statement. */
export async function queryD1<T>(sql: string, where: LocalState & { remote?: boolean }): Promise<T[]> {
  const { stdout } = await runWrangler(['d1', 'execute', 'DB', where.remote ? '--remote' : '--local', ...stateArgs(where), '--json', '--command', sql]);
  const parsed = JSON.parse(stdout.slice(stdout.indexOf('['))) as { results: T[] }[];
  return parsed[parsed.length - 1]?.results ?? [];
}

export async function executeD1File(file: string, where: LocalState & { remote?: boolean }): Promise<void> {
  await runWrangler(['d1', 'execute', 'DB', where.remote ? '--remote' : '--local', ...stateArgs(where), '--yes', '--file', file]);
}

export async function putR2Object(bucket: string, key: string, file: string, where: LocalState & { remote?: boolean }): Promise<void> {
  await runWrangler(['r2', 'object', 'put', `${bucket}/${key}`, '--file', file, where.remote ? '--remote' : '--local', ...stateArgs(where)]);
}

export interface DevServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything wrangler and the Worker printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * `wrangler dev --local` on 127.0.0.1:port: workerd with the local D1 and R2, the Worker's vars
 * overridden by `vars`. Resolves once it answers; rejects with its output if it stops first.
 */
export function startWranglerDev(options: LocalState & { port: number; vars?: Record<string, string>; timeoutMs?: number; log?: (line: string) => void }): Promise<DevServer> {
  const vars = Object.entries(options.vars ?? {}).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const args = [wranglerScript(), 'dev', '--local', '--ip', '127.0.0.1', '--port', String(options.port), '--inspector-port', '0', '--show-interactive-dev-session=false', ...stateArgs(options), ...vars];
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env: offlineWranglerEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const take = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output += text;
    if (options.log) for (const line of text.split('\n')) if (line.trim()) options.log(line);
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // wrangler starts workerd as its own child: end the whole group.
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 5_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + (options.timeoutMs ?? 90_000);
    let settled = false;
    child.once('exit', (code) => {
      if (settled) return;
      settled = true;
      reject(new Error(`wrangler dev stopped (exit ${code}) before it answered:\n${output}`));
    });
    const poll = async () => {
      if (settled) return;
      if (Date.now() > deadline) {
        settled = true;
        await stop();
        reject(new Error(`wrangler dev did not answer within ${options.timeoutMs ?? 90_000} ms:\n${output}`));
        return;
      }
      if (/Ready on/.test(output)) {
        try {
          await fetch(`${url}/favicon.ico`, { redirect: 'manual' });
          settled = true;
          resolve({ url, port: options.port, child, output: () => output, stop });
          return;
        } catch {
          // Not listening yet.
        }
      }
      setTimeout(poll, 200);
    };
    void poll();
  });
}
