// What /readyz checks on Node besides the database answering: every migration this code ships is
// applied (and none it does not know), the writer thread takes batches, DATA_DIR's disk has room,
// and the process is not shutting down.
import { statfs } from 'node:fs/promises';
import type { ReadinessCheck } from '../../http/health.ts';
import type { NodeDatabase } from './sqlite.ts';

export interface NodeReadinessOptions {
  db: NodeDatabase;
  dataDir: string;
  /** The migration files this code ships (their names). */
  migrations: readonly string[];
  /** Below this many free bytes on DATA_DIR's file system the app is not ready. */
  minFreeBytes: number;
  /** True once a stop has begun: the load balancer should send new requests elsewhere. */
  stopping(): boolean;
}

const WRITER_PING_MS = 2_000;

function megabytes(bytes: number): string {
  return `${Math.floor(bytes / 1024 / 1024)} MB`;
}

export function nodeReadinessChecks(options: NodeReadinessOptions): ReadinessCheck[] {
  const { db } = options;
  return [
    {
      name: 'migrations',
      check() {
        const applied = new Set((db.raw.prepare('SELECT name FROM d1_migrations').all() as { name: string }[]).map((r) => r.name));
        const pending = options.migrations.filter((name) => !applied.has(name));
        const unknown = [...applied].filter((name) => !options.migrations.includes(name));
        if (pending.length) return `not applied: ${pending.join(', ')}`;
        if (unknown.length) return `applied by a newer version: ${unknown.join(', ')}`;
        return null;
      },
    },
    {
      name: 'writer',
      async check() {
        if (db.writer.problem) return db.writer.problem;
        // An empty batch goes through the thread and back without writing (nor syncing) anything.
        let timer: ReturnType<typeof setTimeout> | undefined;
        const late = new Promise<string>((resolve) => {
          timer = setTimeout(() => resolve(`no answer from the writer thread within ${WRITER_PING_MS} ms`), WRITER_PING_MS);
        });
        try {
          return await Promise.race([db.batch([]).then(() => null), late]);
        } finally {
          clearTimeout(timer);
        }
      },
    },
    {
      name: 'disk',
      async check() {
        const stats = await statfs(options.dataDir);
        const free = Number(stats.bavail) * Number(stats.bsize);
        return free < options.minFreeBytes ? `${megabytes(free)} free on DATA_DIR, below ${megabytes(options.minFreeBytes)}` : null;
      },
    },
    {
      name: 'shutdown',
      check: () => (options.stopping() ? 'shutting down' : null),
    },
  ];
}
