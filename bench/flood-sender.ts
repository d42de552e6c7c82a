// The mail flood of bench/flood.ts, in a process of its own (so that its event loop is not
// autocannon's): realistic feedback on several SMTP connections at a set rate, plus the .docx bomb
// of issue 11 — one message with three attachments of ~360 KB, each holding 60 MB of XML — on a
// connection of its own at a set interval. Configured by FLOOD (JSON); prints READY once its
// messages are built, floods from "go" on stdin until "stop", then prints DONE {figures}.
import { createInterface } from 'node:readline';
import { buildMessage } from '../tests/helpers/mail.ts';
import { DOCX_TYPE, docxBomb } from '../tests/helpers/office-files.ts';
import { feedbackMessage, SmtpClient } from './mail.ts';

export interface FloodSettings {
  port: number;
  to: string;
  /** Connections sending realistic feedback. */
  connections: number;
  /** Realistic messages per second, all connections together; 0: as fast as the server takes them. */
  perSecond: number;
  /** A bomb every this many milliseconds (0: none). */
  bombEveryMs: number;
}

export interface FloodFigures {
  sent: number;
  acknowledged: number;
  refused: number;
  bombsSent: number;
  bombsAcknowledged: number;
  bombBytes: number;
  seconds: number;
}

const settings = JSON.parse(process.env.FLOOD ?? '{}') as FloodSettings;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const messages = Array.from({ length: 20_000 }, (_, n) => feedbackMessage(n + 1_000_000, settings.to));
const bombDocx = docxBomb();
const bombMessage = (n: number) =>
  buildMessage({
    from: 'attacker@example.net',
    to: settings.to,
    subject: `反馈意见 ${n}`,
    text: '意见见附件。',
    attachments: [1, 2, 3].map((k) => ({ filename: `意见${k}.docx`, contentType: DOCX_TYPE, content: bombDocx })),
  });
const bombBytes = bombMessage(0).length;

const figures: FloodFigures = { sent: 0, acknowledged: 0, refused: 0, bombsSent: 0, bombsAcknowledged: 0, bombBytes, seconds: 0 };
let running = false;
let next = 0;

async function realistic(client: SmtpClient): Promise<void> {
  const interval = settings.perSecond > 0 ? (settings.connections * 1000) / settings.perSecond : 0;
  let due = performance.now();
  while (running && next < messages.length) {
    const raw = messages[next++]!;
    figures.sent++;
    const reply = await client.deliver('unit@cj.gov.cn', settings.to, raw);
    if (reply.startsWith('250')) figures.acknowledged++;
    else figures.refused++;
    if (interval) {
      due += interval;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
    }
  }
}

async function bombs(client: SmtpClient): Promise<void> {
  let due = performance.now();
  while (running) {
    figures.bombsSent++;
    const reply = await client.deliver('attacker@example.net', settings.to, bombMessage(figures.bombsSent));
    if (reply.startsWith('250')) figures.bombsAcknowledged++;
    due += settings.bombEveryMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
  }
}

const clients = await Promise.all(Array.from({ length: settings.connections }, () => SmtpClient.open(settings.port)));
const bomber = settings.bombEveryMs > 0 ? await SmtpClient.open(settings.port) : null;
process.stdout.write('READY\n');

const lines = createInterface({ input: process.stdin });
let started = 0;
let work: Promise<unknown> = Promise.resolve();
for await (const line of lines) {
  if (line === 'go' && !running) {
    running = true;
    started = performance.now();
    work = Promise.all([...clients.map(realistic), ...(bomber ? [bombs(bomber)] : [])]);
  } else if (line === 'stop') {
    running = false;
    await work;
    figures.seconds = (performance.now() - started) / 1000;
    for (const client of [...clients, ...(bomber ? [bomber] : [])]) client.close();
    process.stdout.write(`DONE ${JSON.stringify(figures)}\n`);
    break;
  }
}
process.exit(0);
