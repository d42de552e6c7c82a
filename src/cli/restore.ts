// npm run restore -- FILE
// Restores a backup into an empty DATA_DIR: refuses to overwrite a database, checks the file's
// integrity and that its schema is not from a newer version, then brings it up to this version.
// `npm start` then starts on it.
import { parseConfig } from '../config.ts';
import { BackupError, describeBackup, restoreBackup } from '../platform/node/backup.ts';
import { readMigrations } from '../platform/node/migrations.ts';
import { MIGRATIONS_DIR } from '../platform/node/project-files.ts';
import { type ParsedArgs, runCommand, UsageError } from './args.ts';

const COMMAND = {
  usage: 'usage: npm run restore -- FILE',
  positionals: true,
  options: {},
  userErrors: [BackupError],
} as const;

async function main({ positionals }: ParsedArgs<typeof COMMAND.options>): Promise<number> {
  if (positionals.length !== 1) throw new UsageError(COMMAND.usage);
  const config = parseConfig(process.env);
  const summary = restoreBackup(positionals[0]!, config.dataDir, readMigrations(MIGRATIONS_DIR));
  console.log(`已恢复 / restored: ${positionals[0]} → ${summary.file}`);
  for (const line of describeBackup(summary)) console.log(line);
  console.log(summary.applied.length ? `已应用本版本的新迁移 / migrations applied: ${summary.applied.join(', ')}` : '数据库已是本版本 / schema is this version');
  console.log('现在可以启动：npm start / the app can start on it now: npm start');
  return 0;
}

runCommand(COMMAND, main);
