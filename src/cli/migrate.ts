// npm run migrate: applies the numbered SQL files in migrations/ to the database under DATA_DIR.
import { ConfigError, parseConfig } from '../config.ts';
import { databasePath, openMigratedDatabase } from '../entry/node-server.ts';

try {
  const config = parseConfig(process.env);
  const { db, applied } = openMigratedDatabase(config.dataDir);
  await db.close();
  console.log(applied.length ? `已应用迁移 / applied: ${applied.join(', ')}` : '数据库已是最新 / already up to date');
  console.log(databasePath(config.dataDir));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
