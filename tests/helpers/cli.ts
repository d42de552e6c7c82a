// A command as an operator runs it — `npm run <script> -- ARGS` — in a child process with its own
// DATA_DIR, its output and exit code captured. The steps come from package.json's script, so a
// test also proves the script points where it should; `tsx FILE` is started as
// `node --import tsx FILE` and `node ARGS` as it is, rather than through npm or npx, whose own
// start-up would only add seconds to every call. A script of several steps (`npm start`: build,
// then `node dist/node.js`) runs the first ones to completion; the last is the command.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openMigratedDatabase } from '../../src/platform/node/data-dir.ts';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** Written to the command's stdin, which is then closed. */
  stdin?: string;
  /** Added to the environment (over DATA_DIR too). */
  env?: Record<string, string>;
}

/** A long-running command (`npm start`): wait for a line, then stop it as a terminal would. */
export interface RunningCli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match in stdout; rejects if the command ends first or time runs out. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** SIGTERM (SIGKILL after 10 s) and the result once it has exited. */
  stop(): Promise<CliResult>;
}

export interface CliHarness {
  dataDir: string;
  run(script: string, args?: string[], options?: CliRunOptions): Promise<CliResult>;
  start(script: string, args?: string[], options?: CliRunOptions): RunningCli;
  /** The data directory's database, migrated, for checking what a command stored. */
  openDatabase(): ReturnType<typeof openMigratedDatabase>['db'];
  /** Removes the data directory, unless it was handed in. */
  close(): void;
}

const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** An npm script's steps, each as node's arguments (`"start": "tsx src/cli/build.ts && node dist/node.js"` is two). */
export function scriptSteps(script: string): string[][] {
  const text = scripts[script];
  if (!text) throw new Error(`package.json has no script named ${script}`);
  return text.split(' && ').map((step) => {
    const [program, ...args] = step.trim().split(/\s+/);
    if (program === 'tsx' && args.length) return ['--import', 'tsx', ...args];
    if (program === 'node' && args.length) return args;
    throw new Error(`package.json's ${script} runs "${step}": only "tsx FILE" and "node ARGS" steps are run here`);
  });
}

function spawnScript(script: string, args: string[], env: Record<string, string>, stdin: string | undefined) {
  const steps = scriptSteps(script);
  let stdout = '';
  let stderr = '';
  for (const step of steps.slice(0, -1)) {
    const before = spawnSync(process.execPath, step, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
    stdout += before.stdout;
    stderr += before.stderr;
    if (before.status !== 0) throw new Error(`npm run ${script}: node ${step.join(' ')} exited with ${before.status}:\n${stdout}\n${stderr}`);
  }
  const child = spawn(process.execPath, [...steps.at(-1)!, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin!.end(stdin ?? '');
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<CliResult>((resolveDone, fail) => {
    child.once('error', fail);
    child.once('close', (code) => resolveDone({ code, stdout, stderr }));
  });
  return { child, done, stdout: () => stdout, stderr: () => stderr };
}

/**
 * Commands on a fresh data directory (`createCliHarness('import')`), or on one a test already set
 * up (`createCliHarness({ dataDir })`, e.g. the in-process app's, which is then left in place).
 */
export function createCliHarness(from: string | { dataDir: string }, env: Record<string, string> = {}): CliHarness {
  const owned = typeof from === 'string';
  const dataDir = owned ? mkdtempSync(join(tmpdir(), `yijian-${from}-`)) : from.dataDir;
  const envFor = (options: CliRunOptions) => ({ DATA_DIR: dataDir, ...env, ...options.env });
  return {
    dataDir,
    run: (script, args = [], options = {}) => spawnScript(script, args, envFor(options), options.stdin).done,
    start(script, args = [], options = {}) {
      const { child, done, stdout, stderr } = spawnScript(script, args, envFor(options), options.stdin);
      return {
        child,
        stdout,
        stderr,
        waitFor(pattern, timeoutMs = 150_000) {
          return new Promise((resolveMatch, fail) => {
            const timer = setTimeout(() => finish(new Error(`no ${pattern} from npm run ${script} within ${timeoutMs} ms:\n${stdout()}\n${stderr()}`)), timeoutMs);
            const check = () => {
              const match = pattern.exec(stdout());
              if (match) finish(null, match);
            };
            const ended = () => finish(new Error(`npm run ${script} ended before ${pattern}:\n${stdout()}\n${stderr()}`));
            function finish(error: Error | null, match?: RegExpExecArray) {
              clearTimeout(timer);
              child.stdout!.off('data', check);
              child.off('close', ended);
              if (error) fail(error);
              else resolveMatch(match!);
            }
            child.stdout!.on('data', check);
            child.once('close', ended);
            check();
          });
        },
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          try {
            return await done;
          } finally {
            clearTimeout(timer);
          }
        },
      };
    },
    openDatabase: () => openMigratedDatabase(dataDir).db,
    close() {
      if (owned) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
