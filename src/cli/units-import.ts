// npm run units:import -- FILE.csv [--dry-run] [--json]
// The unit directory from a `name,email` file (UTF-8 or GBK, header row, one address a line): the
// same command as the office's upload. A dry run prints what would change and saves nothing; a
// file with any bad line is refused whole, every bad line named by its number (exit code 2).
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseConfig } from '../config.ts';
import { importUnitDirectory } from '../departments/directory.ts';
import { fileProblemText, planWords, rowProblemText } from '../departments/directory-words.ts';
import { translator } from '../lib/i18n.ts';
import { systemClock } from '../lib/time.ts';
import { openMigratedDatabase } from '../platform/node/data-dir.ts';
import { type ParsedArgs, runCommand, UsageError } from './args.ts';

const COMMAND = {
  usage: 'usage: npm run units:import -- FILE.csv [--dry-run] [--json]',
  positionals: true,
  options: {
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
} as const;

const MAX_BYTES = 5 * 1024 * 1024;

async function main({ values, positionals }: ParsedArgs<typeof COMMAND.options>): Promise<number> {
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError(COMMAND.usage);
  const t = translator('zh-CN');
  let bytes: Uint8Array;
  try {
    if (statSync(file).size > MAX_BYTES) throw new UsageError(t('departments.directory.error.tooLarge', { mb: MAX_BYTES / 1024 / 1024 }));
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`无法读取文件：${file}`);
  }
  const config = parseConfig(process.env);
  const { db } = openMigratedDatabase(config.dataDir);
  try {
    const dryRun = values['dry-run'];
    const outcome = await importUnitDirectory({ db, clock: systemClock }, { bytes, fileName: basename(file), dryRun, actor: { officerId: null, ip: null } });
    if (!outcome.ok) {
      const lines =
        outcome.code === 'bad-file'
          ? [fileProblemText(outcome.file, t)]
          : outcome.code === 'bad-rows'
            ? [t('departments.directory.error.title'), ...outcome.rows.map((row) => `  ${rowProblemText(row, t)}`)]
            : [t('departments.directory.error.changed')];
      if (values.json) process.stdout.write(`${JSON.stringify({ ok: false, code: outcome.code, ...(outcome.code === 'bad-rows' ? { rows: outcome.rows } : outcome.code === 'bad-file' ? { file: outcome.file } : {}), message: lines.join('\n') })}\n`);
      throw new UsageError(lines.join('\n'));
    }
    const { plan } = outcome;
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ok: true, applied: outcome.applied, rows: plan.rows, charset: plan.charset, newUnits: plan.newUnits, newAddresses: plan.newAddresses, unchanged: plan.unchanged })}\n`);
      return 0;
    }
    const words = planWords(plan, t);
    const out = [t('departments.directory.plan.charset', { charset: plan.charset }), words.summary, ...words.changes.map((line) => `  ${line}`)];
    const changes = words.changes.length > 0;
    out.push(!changes ? t('departments.directory.plan.nothing') : dryRun ? '（试运行：没有保存任何内容）' : t('departments.directory.plan.applied'));
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await db.close();
  }
  return 0;
}

runCommand(COMMAND, main);
