// npm run backup -- --out FILE [--json]
// A consistent copy of DATA_DIR's database while the app serves (VACUUM INTO), checked with
// integrity_check, and what it holds. Refuses to overwrite FILE.
import { parseConfig } from '../config.ts';
import { BackupError, describeBackup, takeBackup } from '../platform/node/backup.ts';
import { type ParsedArgs, runCommand, UsageError } from './args.ts';

const COMMAND = {
  usage: 'usage: npm run backup -- --out FILE [--json]',
  options: { out: { type: 'string' }, json: { type: 'boolean', default: false } },
  userErrors: [BackupError],
} as const;

async function main({ values }: ParsedArgs<typeof COMMAND.options>): Promise<number> {
  if (!values.out) throw new UsageError(COMMAND.usage);
  const config = parseConfig(process.env);
  const summary = takeBackup(config.dataDir, values.out);
  if (values.json) {
    console.log(JSON.stringify(summary));
    return 0;
  }
  console.log(`已备份 / backup written: ${summary.file} (${(summary.bytes / 1024 / 1024).toFixed(1)} MB in ${summary.milliseconds} ms)`);
  for (const line of describeBackup(summary)) console.log(line);
  console.log('DATA_DIR/secret 不在备份中：请另行保管，或设置 SECRET / DATA_DIR/secret is not in the backup: keep it apart, or set SECRET');
  return 0;
}

runCommand(COMMAND, main);
