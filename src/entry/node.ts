// `npm start`: the whole product on one machine, embedded SQLite, nothing else to set up.
import { ConfigError, parseConfig } from '../config.ts';
import { startServer } from '../platform/node/server.ts';

try {
  const config = parseConfig(process.env);
  const server = await startServer(config);
  server.log.event(`意见 yijian 已启动 / is running: ${config.publicBaseUrl} (listening on ${server.url})`);
  // SIGTERM (systemd, Docker) or Ctrl-C: stop taking work, let what is in progress finish within
  // SHUTDOWN_TIMEOUT_SECONDS, then exit. A second signal, or a stop that hangs, exits at once.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      server.log.event(`再次收到 ${signal}，立即退出 / ${signal} again: exiting now`);
      server.log.flush();
      process.exit(1);
    }
    stopping = true;
    setTimeout(() => process.exit(1), (config.shutdownTimeoutSeconds + 5) * 1000).unref();
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
