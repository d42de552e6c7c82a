// npm run worker:export -- --out DIR
// Moves a Node installation to Workers: reads DATA_DIR/yijian.sqlite (stop `npm start` first) and
// writes DIR/d1.sql, for `wrangler d1 execute DB --remote --file DIR/d1.sql` on a D1 database
// already migrated, and DIR/r2/<key> for each raw message and attachment, with DIR/upload-r2.sh
// to put them in the R2 bucket. See README "On Cloudflare Workers".
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { parseConfig } from '../config.ts';
import { exportForD1 } from '../platform/node/d1-export.ts';
import { databasePath } from '../platform/node/data-dir.ts';
import { R2_BUCKET } from '../platform/node/worker-local.ts';
import { type ParsedArgs, runCommand, UsageError } from './args.ts';

const COMMAND = {
  usage: 'usage: npm run worker:export -- --out DIR [--bucket yijian-files]   (reads DATA_DIR)',
  options: { out: { type: 'string' }, bucket: { type: 'string', default: R2_BUCKET } },
} as const;

async function main({ values }: ParsedArgs<typeof COMMAND.options>): Promise<number> {
  if (!values.out) throw new UsageError(COMMAND.usage);
  const config = parseConfig(process.env);
  const file = databasePath(config.dataDir);
  if (!existsSync(file)) throw new UsageError(`没有数据库 / no database at ${file}`);
  const raw = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  const out = resolve(values.out);
  try {
    const summary = exportForD1(raw, out);
    const script = [
      '#!/bin/sh',
      '# Puts the exported raw mail and attachments in R2. Run it from the project directory (where',
      '# wrangler is installed): sh EXPORT/upload-r2.sh --remote   (or --local)',
      'set -e',
      ...summary.objects.map((o) => `npx wrangler r2 object put '${values.bucket}/${o.key}' --file '${o.file}' "$@"`),
      '',
    ].join('\n');
    writeFileSync(join(out, 'upload-r2.sh'), script);
    chmodSync(join(out, 'upload-r2.sh'), 0o755);
    for (const table of summary.tables) console.log(`${table.name}: ${table.rows}`);
    console.log(`SQL: ${summary.sqlFile}`);
    console.log(`R2: ${summary.objects.length} object(s), ${summary.objects.reduce((n, o) => n + o.bytes, 0)} bytes under ${join(out, 'r2')}; upload with ${join(out, 'upload-r2.sh')} --remote`);
    return 0;
  } finally {
    raw.close();
  }
}

runCommand(COMMAND, main);
