// npm run privacy:purge -- [--dry-run] [--json]
// Erases the contact details (email, telephone, unmasked name), messages and mail of the
// commenters of every consultation whose results were published more than RETENTION_DAYS ago;
// comments, decisions and masked names stay. The server runs the same purge daily.
import { parseConfig } from '../config.ts';
import { openMigratedDatabase } from '../platform/node/data-dir.ts';
import { purgeExpiredContacts } from '../privacy/purge.ts';
import { runCommand } from './args.ts';

const COMMAND = {
  usage: 'usage: npm run privacy:purge -- [--dry-run] [--json]',
  options: { 'dry-run': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
} as const;

runCommand(COMMAND, async ({ values }) => {
  const config = parseConfig(process.env);
  const dryRun = values['dry-run'];
  const { db } = openMigratedDatabase(config.dataDir);
  try {
    const result = await purgeExpiredContacts({ db }, { now: new Date(), retentionDays: config.retentionDays, dryRun, via: 'cli' });
    if (values.json) {
      console.log(JSON.stringify({ dryRun, retentionDays: config.retentionDays, consultations: result.consultations }));
      return 0;
    }
    const verb = dryRun ? '将删除 / would erase' : '已删除 / erased';
    console.log(`保存期限 / retention: ${config.retentionDays} days after the results are published${dryRun ? ' (dry run: nothing changed)' : ''}`);
    if (!result.consultations.length) console.log('没有到期的个人信息 / nothing is due');
    for (const c of result.consultations) {
      console.log(`${verb}: ${c.slug} (results ${c.resultsPublishedAt.slice(0, 10)}): ${c.comments} comment(s), ${c.messages} message(s), ${c.mails} mail(s)`);
    }
    return 0;
  } finally {
    await db.close();
  }
});
