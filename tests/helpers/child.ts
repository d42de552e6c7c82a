// Starting and killing server-child.ts from a test.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ChildServer {
  child: ChildProcess;
  port: number;
  smtpPort: number;
  /** What it printed on stderr: the lines about the process. */
  log(): string;
  /** What it printed on stdout: READY, the request log, STOPPED. */
  stdout(): string;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startChildServer(env: Record<string, string>): Promise<ChildServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/helpers/server-child.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SMTP_PORT: '0', PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  child.stderr!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const ready = await new Promise<{ port: number; smtpPort: number }>((done, fail) => {
    child.stdout!.on('data', () => {
      const match = /READY (\{.*\})/.exec(stdout);
      if (match) done(JSON.parse(match[1]!));
    });
    child.once('exit', (code) => fail(new Error(`server exited (${code}) before it was ready:\n${output}`)));
  });
  return {
    child,
    port: ready.port,
    smtpPort: ready.smtpPort,
    log: () => output,
    stdout: () => stdout,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
