// npm run migrate: applies the numbered SQL files in migrations/ to the database under DATA_DIR.
import { parseConfig } from '../config.ts';
import { databasePath, openMigratedDatabase } from '../platform/node/data-dir.ts';
import { runCommand } from './args.ts';

const COMMAND = { usage: 'usage: npm run migrate', options: {}, configExitCode: 1 } as const;

runCommand(COMMAND, async () => {
  const config = parseConfig(process.env);
  const { db, applied } = openMigratedDatabase(config.dataDir);
  await db.close();
  console.log(applied.length ? `已应用迁移 / applied: ${applied.join(', ')}` : '数据库已是最新 / already up to date');
  console.log(databasePath(config.dataDir));
  return 0;
});
