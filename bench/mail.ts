// Mail intake throughput: messages per second from SMTP to comments stored in the database.
//
// The server runs as a child process (as in the other benchmarks). Several SMTP connections on
// 127.0.0.1 send realistic feedback (two to four comments on named items, greetings, signatures,
// some with the notice quoted below, some in GBK) for a fixed time. The clock stops when the last
// acknowledged message's comments are in the database; only messages whose comments are there
// count. `npx tsx bench/mail.ts` runs it alone; `npm run bench` runs it with the others.
import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import BetterSqlite3 from 'better-sqlite3';
import iconv from 'iconv-lite';
import { databasePath } from '../src/platform/node/data-dir.ts';
import { fixed, machineCpuSeconds, percent, makeTempDir, ServerProcess, SLUG, table } from './lib.ts';

export const MAIL_TARGET = 200;

export interface MailFigures {
  connections: number;
  sendSeconds: number;
  sent: number;
  acknowledged: number;
  refused: number;
  /** Messages whose comments are in the database when the clock stopped. */
  filed: number;
  comments: number;
  /** From the first byte sent to the last acknowledged message's comments stored. */
  seconds: number;
  perSecond: number;
  /** 250 replies per second while sending (storing only). */
  acceptedPerSecond: number;
  ackP50: number;
  ackP99: number;
  /** After the last 250, until everything acknowledged was filed. */
  drainSeconds: number;
  averageBytes: number;
  serverCpu: number | null;
  /** Cores' worth of CPU used meanwhile by everything but the server and this process: noise. */
  otherCpu: number | null;
}

const OPENINGS = ['您好！', '区发改委：', '各位领导：', '', '经研究，我单位对《工作要点》提出如下意见：', '收到征求意见函后，我局认真研究，意见如下：'];
const SIGNATURES = ['区生态环境局办公室\n联系人：王某 0798-1234567', '区农业农村局', '此致\n敬礼！\n区林业局', '', '区水利局 综合科'];
const REMARKS = [
  '建议明确牵头单位和完成时限，并按季度向社会公开进展情况，接受群众监督。',
  '建议将“基本完成”修改为“全面完成”，并补充量化考核指标，避免表述过于笼统。',
  '该项涉及多个部门，建议增加配合单位，明确资金来源和运维责任主体。',
  '建议删除“原则上”三字，表述与上位文件保持一致。',
  '建议补充对乡镇一级的具体要求，细化到年度任务清单。',
  '文中数据与统计公报不一致，建议核实后再发布。',
];
const QUOTED = [
  '',
  '------------------ 原始邮件 ------------------',
  '发件人: "昌江区发改委" <cjqfgw@163.com>',
  '发送时间: 2022年4月6日(星期三) 上午9:00',
  '主题: 关于《2022年景德镇市昌江区推进长江经济带发展工作要点》征求意见的公告',
  '',
  '各乡(镇)人民政府、区直各单位：为持续推进“一江三河六山”全面保护和综合治理，现将《工作要点》印发给你们，请于4月19日前反馈。',
].join('\n');

function pick<T>(list: T[], n: number): T {
  return list[n % list.length]!;
}

/** One realistic message, as a unit's mail client would send it. */
export function feedbackMessage(n: number, to: string): Buffer {
  const count = 2 + (n % 3);
  const lines = [pick(OPENINGS, n)];
  for (let i = 0; i < count; i++) lines.push(`${i + 1}. 关于第${((n * 7 + i * 11) % 30) + 1}项：${pick(REMARKS, n + i)}（${n}-${i}）`);
  lines.push('', pick(SIGNATURES, n));
  if (n % 3 === 0) lines.push(QUOTED);
  const charset = n % 4 === 0 ? 'gbk' : 'utf-8';
  const body = iconv.encode(lines.join('\r\n'), charset).toString('base64').replace(/.{76}/g, '$&\r\n');
  const subject = `=?${charset}?B?${iconv.encode(`回复：关于《工作要点》的反馈意见（${n}）`, charset).toString('base64')}?=`;
  const headers = [
    `From: =?${charset}?B?${iconv.encode('区直单位', charset).toString('base64')}?= <unit${n % 40}@cj.gov.cn>`,
    `To: ${to}`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${randomUUID()}@bench.cj.gov.cn>`,
    'MIME-Version: 1.0',
    `Content-Type: text/plain; charset=${charset}`,
    'Content-Transfer-Encoding: base64',
  ];
  return Buffer.from(`${headers.join('\r\n')}\r\n\r\n${body}\r\n`, 'latin1');
}

/** A minimal SMTP client: the cheapest load generator, so the server's cost is what is measured. */
export class SmtpClient {
  private buffer = '';
  private waiters: ((reply: string) => void)[] = [];
  private replies: string[] = [];

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => {
      this.buffer += chunk.toString('latin1');
      let match: RegExpExecArray | null;
      while ((match = /^((?:\d{3}-[^\r\n]*\r\n)*\d{3} [^\r\n]*)\r\n/.exec(this.buffer))) {
        this.buffer = this.buffer.slice(match[0].length);
        const waiter = this.waiters.shift();
        if (waiter) waiter(match[1]!);
        else this.replies.push(match[1]!);
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      for (const waiter of this.waiters.splice(0)) waiter('closed');
    });
  }

  static async open(port: number): Promise<SmtpClient> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
    const client = new SmtpClient(socket);
    await client.reply();
    await client.send('EHLO bench.local\r\n');
    return client;
  }

  reply(): Promise<string> {
    const ready = this.replies.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async send(text: string): Promise<string> {
    this.socket.write(text);
    return this.reply();
  }

  /** One message, pipelined: MAIL, RCPT and DATA in one write. Resolves with the final reply. */
  async deliver(from: string, to: string, raw: Buffer): Promise<string> {
    this.socket.write(`MAIL FROM:<${from}>\r\nRCPT TO:<${to}>\r\nDATA\r\n`);
    const replies = [await this.reply(), await this.reply(), await this.reply()];
    if (!replies[2]!.startsWith('354')) return replies.find((r) => !r.startsWith('2')) ?? replies[2]!;
    this.socket.write(raw);
    this.socket.write('.\r\n');
    return this.reply();
  }

  close(): void {
    this.socket.end('QUIT\r\n');
  }
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function filedCounts(dataDir: string): { filed: number; comments: number } {
  const db = new BetterSqlite3(databasePath(dataDir), { readonly: true });
  try {
    return db.prepare('SELECT count(DISTINCT inbound_message_id) AS filed, count(*) AS comments FROM comments WHERE inbound_message_id IS NOT NULL').get() as { filed: number; comments: number };
  } finally {
    db.close();
  }
}

export async function benchMail(options: { connections?: number; seconds?: number; log?: (line: string) => void } = {}): Promise<MailFigures> {
  const connections = options.connections ?? 8;
  const sendSeconds = options.seconds ?? 10;
  const log = options.log ?? (() => {});
  const dataDir = makeTempDir('yijian-bench-mail-');
  const server = await ServerProcess.start(dataDir);
  try {
    const to = `${SLUG}@yijian.localhost`;
    // Prepared before the clock starts: building messages is not the server's cost.
    const messages = Array.from({ length: 12_000 }, (_, n) => feedbackMessage(n, to));
    const averageBytes = messages.slice(0, 1000).reduce((sum, m) => sum + m.length, 0) / 1000;
    const clients = await Promise.all(Array.from({ length: connections }, () => SmtpClient.open(server.smtpPort)));
    log(`  ${connections} SMTP connections, sending for ${sendSeconds} s`);

    let next = 0;
    let acknowledged = 0;
    let refused = 0;
    const ackMs: number[] = [];
    const cpuStart = server.cpuSeconds();
    const machineStart = machineCpuSeconds();
    const benchStart = process.cpuUsage();
    const started = performance.now();
    const stopAt = started + sendSeconds * 1000;
    let lastAck = started;
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < stopAt && next < messages.length) {
          const raw = messages[next++]!;
          const sentAt = performance.now();
          const reply = await client.deliver(`unit@cj.gov.cn`, to, raw);
          if (reply.startsWith('250')) {
            acknowledged++;
            lastAck = performance.now();
            ackMs.push(lastAck - sentAt);
          } else refused++;
        }
      }),
    );
    for (const client of clients) client.close();

    // Wait until every acknowledged message is filed (bounded).
    let counts = filedCounts(dataDir);
    const deadline = performance.now() + 60_000;
    while (counts.filed < acknowledged && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      counts = filedCounts(dataDir);
    }
    const ended = performance.now();
    const cpuEnd = server.cpuSeconds();
    const machineEnd = machineCpuSeconds();
    const benchUsage = process.cpuUsage(benchStart);
    const seconds = (ended - started) / 1000;
    const serverSeconds = cpuStart !== null && cpuEnd !== null ? cpuEnd - cpuStart : null;
    ackMs.sort((a, b) => a - b);
    return {
      connections,
      sendSeconds,
      sent: next,
      acknowledged,
      refused,
      filed: counts.filed,
      comments: counts.comments,
      seconds,
      perSecond: counts.filed / seconds,
      acceptedPerSecond: acknowledged / ((lastAck - started) / 1000),
      ackP50: percentile(ackMs, 50),
      ackP99: percentile(ackMs, 99),
      drainSeconds: (ended - lastAck) / 1000,
      averageBytes,
      serverCpu: serverSeconds !== null ? serverSeconds / seconds : null,
      otherCpu:
        machineStart !== null && machineEnd !== null && serverSeconds !== null
          ? Math.max(0, machineEnd - machineStart - serverSeconds - (benchUsage.user + benchUsage.system) / 1e6) / seconds
          : null,
    };
  } finally {
    await server.stop();
  }
}

export function mailReport(f: MailFigures): string[] {
  return [
    `(e) mail intake: ${f.connections} SMTP connections on 127.0.0.1 for ${f.sendSeconds} s, realistic feedback (2–4 comments each, 1/4 GBK, 1/3 quoting the notice), ${fixed(f.averageBytes)} bytes/message`,
    table(
      ['sent', '250', 'refused', 'filed', 'comments', '250/s (stored)', '250 p50 ms', '250 p99 ms', 'drain after last 250', 'server CPU', 'other CPU', 'messages/s SMTP → comments'],
      [
        [
          String(f.sent),
          String(f.acknowledged),
          String(f.refused),
          String(f.filed),
          String(f.comments),
          fixed(f.acceptedPerSecond),
          fixed(f.ackP50, 1),
          fixed(f.ackP99, 1),
          `${fixed(f.drainSeconds, 2)} s`,
          percent(f.serverCpu),
          percent(f.otherCpu),
          fixed(f.perSecond),
        ],
      ],
    ),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchMail({ log: console.log })
    .then((f) => {
      console.log(mailReport(f).join('\n'));
      console.log(`${f.perSecond >= MAIL_TARGET ? 'PASS' : 'MISS'}  messages/s through SMTP into stored comments ≥ ${MAIL_TARGET}: ${fixed(f.perSecond)}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(() => process.exit());
}
