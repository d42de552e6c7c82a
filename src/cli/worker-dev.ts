// npm run worker:dev — the app on workerd, locally and offline: migrations applied to the local
// D1, the sample consultations loaded into an empty one, then `wrangler dev --local` on PORT
// (default 8787). State lives in .wrangler/state (WORKER_STATE_DIR to put it elsewhere).
// Officers: npm run worker:user-add -- --email … --role officer [--password-stdin]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { randomToken } from '../auth/csrf.ts';
import { PROJECT_ROOT } from '../platform/node/project-files.ts';
import { prepareLocalWorkerData } from '../platform/node/worker-local.ts';
import { startWranglerDev } from '../platform/node/wrangler.ts';
import { runCommand } from './args.ts';

const COMMAND = { usage: 'usage: npm run worker:dev   (PORT, SEED_SAMPLES, WORKER_STATE_DIR from the environment)', options: {} } as const;

const Settings = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  SEED_SAMPLES: z.enum(['true', 'false', '1', '0']).default('true'),
  WORKER_STATE_DIR: z.string().min(1).optional(),
  PUBLIC_BASE_URL: z.url().optional(),
});

/** The local Worker's SECRET: generated once and kept with its state, as Node keeps DATA_DIR/secret. */
function localSecret(stateDir: string): string {
  const file = join(stateDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(stateDir, { recursive: true });
  const secret = randomToken(32);
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

async function main(): Promise<number> {
  const settings = Settings.parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v)));
  const persistTo = settings.WORKER_STATE_DIR;
  const stateDir = persistTo ?? join(PROJECT_ROOT, '.wrangler', 'state');
  const log = (line: string) => console.log(line);
  log('本地 D1：应用迁移 / local D1: applying migrations');
  await prepareLocalWorkerData({ ...(persistTo ? { persistTo } : {}) }, { samples: settings.SEED_SAMPLES === 'true' || settings.SEED_SAMPLES === '1', log });
  const publicBaseUrl = settings.PUBLIC_BASE_URL ?? `http://localhost:${settings.PORT}`;
  const dev = await startWranglerDev({
    ...(persistTo ? { persistTo } : {}),
    port: settings.PORT,
    timeoutMs: 120_000,
    vars: { PUBLIC_BASE_URL: publicBaseUrl, MAIL_DOMAIN: 'yijian.localhost', SECRET: localSecret(stateDir) },
    log,
  });
  log(`意见 yijian (workerd) 已启动 / is running: ${publicBaseUrl}`);
  log('办公室账户 / office account: npm run worker:user-add -- --email you@example.org --role admin');
  await new Promise<void>((resolve) => {
    const stop = () => void dev.stop().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    dev.child.once('exit', () => resolve());
  });
  return 0;
}

runCommand(COMMAND, main);
