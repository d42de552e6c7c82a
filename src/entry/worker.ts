// Cloudflare Workers: `wrangler dev` / `wrangler deploy` (wrangler.toml names this file). The
// handlers are src/platform/workers/worker.ts; this file only hands them nodejs_compat's scrypt
// (Node's API, hence here) for password hashes made on Node.
import { scrypt } from 'node:crypto';
import type { ExportedHandler } from '@cloudflare/workers-types';
import type { ScryptFunction } from '../auth/passwords.ts';
import { createWorker } from '../platform/workers/worker.ts';
import type { Env } from '../platform/workers/settings.ts';

const compatScrypt: ScryptFunction = (password, salt, { n, r, p }, keyLength) =>
  new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, { N: n, r, p, maxmem: 128 * n * r * 2 }, (error, key) => (error ? reject(error) : resolve(new Uint8Array(key.buffer, key.byteOffset, key.byteLength))));
  });

const worker = createWorker({ scrypt: compatScrypt });

export default {
  fetch: worker.fetch,
  email: worker.email,
  scheduled: worker.scheduled,
} satisfies ExportedHandler<Env>;
