// npm run bench:review — the review queue at 100,000 comments: near-duplicate grouping (time,
// heap, and how long the server's event loop is held while it runs), queue pages (first, deep,
// filtered, searched, one group), and moderating and deciding for a campaign of 30,000 in one
// batch. Prints figures; asserts nothing. COMMENTS=… changes the size.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApp } from '../src/app.tsx';
import { createOfficer } from '../src/auth/accounts.ts';
import { openMigratedDatabase } from '../src/platform/node/data-dir.ts';
import { nodePasswordHasher } from '../src/platform/node/passwords.ts';
import { readSampleDocuments } from '../src/platform/node/project-files.ts';
import { searchKey } from '../src/lib/chinese.ts';
import { regroupNow } from '../src/review/grouping.ts';
import { loadSamples } from '../seeds/samples.ts';

const TOTAL = Number(process.env.COMMENTS ?? 100_000);
const SLUG = 'changjiang-2022-yangtze-work-points';
const PASSWORD = 'correct horse battery';
const LETTER = '尊敬的起草单位：我们是昌江区鲇鱼山镇的村民，对《工作要点》第4项农村生活污水治理提出如下意见：一是建议将我镇列入2022年农村生活污水处理设施建设名单；二是设施建成后应明确运行维护的责任主体和经费来源；三是请定期公开出水水质检测结果，接受群众监督。此致 敬礼！村民';
const SLOGAN = '坚决支持长江大保护，建议严格落实十年禁渔，严厉打击非法捕捞！';
const TOWNS = ['鲇鱼山镇', '丽阳镇', '荷塘乡', '西郊街道', '新枫街道', '吕蒙乡'];
const NAMES = '张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗';

const ms = (from: number) => `${Math.round(performance.now() - from)} ms`;
const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

function seed(db: ReturnType<typeof openMigratedDatabase>['db']): { campaign: number; slogans: number; distinct: number } {
  const raw = db.raw;
  const consultation = raw.prepare('SELECT id FROM consultations WHERE slug = ?').get(SLUG) as { id: number };
  const blocks = raw.prepare("SELECT id FROM blocks WHERE consultation_id = ? AND kind != 'heading' ORDER BY position").all(consultation.id) as { id: number }[];
  const draft = readSampleDocuments().changjiang;
  const sentences = draft.split(/[。；\n]/).map((s) => s.trim()).filter((s) => [...s].length >= 12);
  const insert = raw.prepare(`INSERT INTO comments (consultation_id, block_id, tracking_number, channel, body, author_name, status, late, locale,
    search_text, received_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, 'zh-CN', ?, ?, ?)`);
  let s = 1;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const counts = { campaign: 0, slogans: 0, distinct: 0 };
  const start = Date.now() - TOTAL * 1000;
  raw.transaction(() => {
    for (let i = 0; i < TOTAL; i++) {
      const r = rand();
      let body: string;
      let blockId: number | null;
      const name = `${pick([...NAMES])}${pick([...NAMES])}`;
      if (r < 0.3) {
        // A form letter: another signature, another town, sometimes a line of one's own.
        body = `${LETTER.replace('鲇鱼山镇', pick(TOWNS))}${name}${rand() < 0.2 ? `。另外，${pick(sentences).slice(0, 15)}。` : ''}`;
        blockId = blocks[3]!.id;
        counts.campaign++;
      } else if (r < 0.4) {
        body = SLOGAN;
        blockId = null;
        counts.slogans++;
      } else {
        body = `建议：${pick(sentences)}。${pick(sentences)}。（${name}，第${i}号）`;
        blockId = rand() < 0.1 ? null : pick(blocks).id;
        counts.distinct++;
      }
      const at = new Date(start + i * 1000).toISOString();
      insert.run(consultation.id, blockId, `YJ-B${String(i).padStart(7, '0').slice(0, 3)}-${String(i).padStart(7, '0').slice(3)}`, i % 7 === 0 ? 'email' : 'web', body, name, searchKey(`${body} ${name}`), at, at);
    }
  })();
  return counts;
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'yijian-bench-review-'));
  const { db } = openMigratedDatabase(dataDir);
  try {
    const now = new Date();
    await loadSamples(db, readSampleDocuments(), now);
    let t0 = performance.now();
    const counts = seed(db);
    console.log(`seeded ${TOTAL} comments (${counts.campaign} form letters, ${counts.slogans} copies of a slogan, ${counts.distinct} others) in ${ms(t0)}`);
    const consultationId = (db.raw.prepare('SELECT id FROM consultations WHERE slug = ?').get(SLUG) as { id: number }).id;

    // Grouping, watching how long the event loop is held at a stretch meanwhile.
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 20);
    t0 = performance.now();
    const run = await regroupNow(db, consultationId, now);
    const first = ms(t0);
    clearInterval(sampler);
    loop.disable();
    console.log(`grouping, first run: ${first}; ${run.group_count} groups holding ${run.grouped_comment_count} comments; heap +${mib(heapPeak - heapBefore)} at peak`);
    console.log(`  event loop held at most ${Math.round(loop.max / 1e6)} ms at a stretch (p99 ${Math.round(loop.percentile(99) / 1e6)} ms) while it ran`);
    t0 = performance.now();
    await regroupNow(db, consultationId, now);
    console.log(`grouping, run with nothing new to write: ${ms(t0)}`);

    // The queue over HTTP, as an officer.
    const { app } = createApp({
      db,
      clock: () => now,
      passwords: nodePasswordHasher,
      settings: { publicBaseUrl: 'http://localhost:8787', secret: 'bench-secret-that-is-long-enough-0123456789', commentRateLimit: { limit: 1000, windowSeconds: 600 }, benchRoutes: false },
      clientAddress: () => '127.0.0.1',
    });
    await createOfficer({ db, passwords: nodePasswordHasher }, { email: 'bench@office.example', role: 'admin', password: PASSWORD }, now);
    const cookies = new Map<string, string>();
    const request = async (path: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      if (cookies.size) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
      const response = await app.request(`http://localhost:8787${path}`, { ...init, headers, redirect: 'manual' });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const [k, v] = pair!.split('=');
        cookies.set(k!.trim(), v!.trim());
      }
      return response;
    };
    const login = await (await request('/office/login')).text();
    const csrf = () => /name="_csrf" value="([^"]+)"/.exec(login)![1]!;
    await request('/office/login', { method: 'POST', body: new URLSearchParams({ _csrf: csrf(), email: 'bench@office.example', password: PASSWORD }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

    const base = `/office/consultations/${SLUG}/comments`;
    const timed = async (label: string, path: string, init: RequestInit = {}) => {
      const times: number[] = [];
      let size = 0;
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const response = await request(path, init);
        size = (await response.text()).length;
        times.push(performance.now() - started);
        if (response.status !== 200) throw new Error(`${label}: ${response.status}`);
      }
      times.sort((a, b) => a - b);
      console.log(`  ${label.padEnd(44)} median ${Math.round(times[2]!)} ms, worst ${Math.round(times[4]!)} ms (${Math.round(size / 1024)} KB)`);
    };
    console.log('queue pages (5 requests each):');
    await timed('first page', base);
    await timed('first page, htmx fragment', base, { headers: { 'hx-request': 'true' } });
    await timed('page 500', `${base}?page=500`);
    await timed('email only, undecided', `${base}?channel=email&decision=undecided`);
    await timed('search (traditional query)', `${base}?q=${encodeURIComponent('運行維護')}`);
    const groupId = (db.raw.prepare('SELECT duplicate_group_id AS g, COUNT(*) AS n FROM comments WHERE duplicate_group_id IS NOT NULL GROUP BY g ORDER BY n DESC LIMIT 1').get() as { g: number; n: number });
    await timed(`one group's ${groupId.n} members, page 2`, `${base}?group=${groupId.g}&page=2`);

    const page = await (await request(base)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    t0 = performance.now();
    let response = await request(`${base}/moderate`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: token, groups: String(groupId.g), action: 'publish', back: base }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:8787' },
    });
    console.log(`publish a group of ${groupId.n} in one batch: ${ms(t0)} (${response.status})`);
    t0 = performance.now();
    response = await request(`${base}/${groupId.g}/decide`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: token, decision: 'partly_adopted', reason: '已部分采纳。', scope: 'group', back: base }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:8787' },
    });
    console.log(`decide for the same group in one batch: ${ms(t0)} (${response.status})`);
    const check = db.raw
      .prepare(
        `SELECT published_comment_count AS stored, (SELECT COUNT(*) FROM comments WHERE consultation_id = consultations.id AND status = 'published') AS actual
         FROM consultations WHERE slug = ?`,
      )
      .get(SLUG) as { stored: number; actual: number };
    console.log(`published counter ${check.stored}, COUNT(*) ${check.actual}`);
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
