// `npm start`: the whole product on one machine, embedded SQLite, nothing else to set up.
import { ConfigError, parseConfig } from '../config.ts';
import { startServer } from '../platform/node/server.ts';

try {
  const config = parseConfig(process.env);
  const server = await startServer(config);
  console.log(`意见 yijian 已启动 / is running: ${config.publicBaseUrl} (listening on ${server.url})`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
