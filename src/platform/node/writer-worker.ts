// The writer thread: the one connection that writes. Commits (and their fsync) happen here, so
// the HTTP event loop never waits for the disk.
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { configureConnection, createGroupRunner, type WireQuery } from './sqlite-group.ts';

const raw = new BetterSqlite3((workerData as { file: string }).file);
configureConnection(raw);
const run = createGroupRunner(raw);

parentPort!.on('message', (message: { type: 'batch'; jobs: WireQuery[][] } | { type: 'close' }) => {
  if (message.type === 'close') {
    raw.close();
    parentPort!.close();
    return;
  }
  parentPort!.postMessage(run(message.jobs));
});
parentPort!.postMessage('ready');
