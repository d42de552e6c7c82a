// `node --import tsx tests/helpers/server-child.ts`: the whole server (HTTP, SMTP, IMAP when
// IMAP_URL is set) in a process of its own, configured by the environment like `npm start`, so
// that tests can kill -9 it. Prints one line `READY {"port":…,"smtpPort":…}` once it listens.
// Lines about the process go to stderr; the request log (LOG_FORMAT) to stdout, after READY.
// SIGTERM stops it as `npm start` does: gracefully, within SHUTDOWN_TIMEOUT_SECONDS; it prints
// `STOPPED {"cutOff":…}` before exiting.
import { parseConfig } from '../../src/config.ts';
import { startServer } from '../../src/platform/node/server.ts';

const server = await startServer(parseConfig(process.env), { log: (line) => process.stderr.write(`${line}\n`) });
process.stdout.write(`READY ${JSON.stringify({ port: server.port, smtpPort: server.smtpPort })}\n`);
const stop = async () => {
  const { cutOff } = await server.close();
  process.stdout.write(`STOPPED ${JSON.stringify({ cutOff })}\n`);
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
