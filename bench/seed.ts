// Fills a consultation with published comments directly in SQLite, as fast as SQLite allows: one
// transaction, one prepared statement. The server must be stopped while this runs.
import BetterSqlite3 from 'better-sqlite3';
import { searchKey } from '../src/lib/chinese.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Deterministic and well-formed. One could equal a random number the app already drew: the
 * insert skips such a clash and moves on to the next number (and the app retries on a clash).
 */
function trackingNumber(n: number): string {
  let code = '';
  for (let i = 0; i < 8; i++) {
    code = CROCKFORD[n % 32] + code;
    n = Math.floor(n / 32);
  }
  return `YJ-${code.slice(0, 4)}-${code.slice(4)}`;
}

const BODIES = [
  '建议明确农村生活污水处理设施建成后的运行维护责任主体和经费来源，避免“重建设、轻运营”。',
  '完成时限较紧，建议同步公布排查结果和整治计划，接受群众监督。',
  '建议增加具体量化指标，便于年底考核，也便于群众了解工作成效。',
  '本项涉及多个责任单位，建议明确牵头单位，避免相互推诿。',
  '希望在实施过程中多听取沿江村民的意见，特别是涉及搬迁和补偿的内容。',
  '建议补充资金保障条款，说明市、区两级财政的分担比例。',
  '如需进一步沟通，可致电13812345678，或发邮件至 resident@example.com。',
  '赞同本条规定。建议每季度在区政府网站公开一次进展。',
];

const AUTHORS: { name: string | null; organization: string | null }[] = [
  { name: null, organization: null },
  { name: '李先生', organization: null },
  { name: null, organization: '昌江区环保志愿者协会' },
  { name: '王女士', organization: '景德镇市某社区居委会' },
];

export interface SeedFigures {
  inserted: number;
  total: number;
  published: number;
  general: number;
  seconds: number;
}

/**
 * Adds published comments until the consultation has `total` comments in all, spread over items
 * i1..i30 with every tenth on the draft as a whole, then recounts the counters the app keeps and
 * bumps the version so that no cached page can survive.
 */
export function topUpComments(dbFile: string, slug: string, total: number): SeedFigures {
  const started = performance.now();
  const db = new BetterSqlite3(dbFile);
  try {
    db.pragma('journal_mode = WAL');
    const consultation = db.prepare('SELECT id FROM consultations WHERE slug = ?').get(slug) as { id: number } | undefined;
    if (!consultation) throw new Error(`no consultation ${slug}`);
    const blocks = db
      .prepare(`SELECT id FROM blocks WHERE consultation_id = ? AND kind = 'item' AND key IN (${Array.from({ length: 30 }, (_, i) => `'i${i + 1}'`).join(',')}) ORDER BY position`)
      .all(consultation.id) as { id: number }[];
    if (blocks.length !== 30) throw new Error(`expected items i1..i30, found ${blocks.length}`);
    const existing = (db.prepare('SELECT count(*) AS n FROM comments WHERE consultation_id = ?').get(consultation.id) as { n: number }).n;
    const toInsert = Math.max(0, total - existing);

    const insert = db.prepare(`INSERT INTO comments
      (consultation_id, block_id, tracking_number, channel, body, author_name, organization, contact_email, contact_phone,
       status, status_reason, late, locale, client_key, search_text, received_at, published_at, created_at)
      VALUES (?, ?, ?, 'web', ?, ?, ?, NULL, NULL, 'published', NULL, 0, 'zh-CN', NULL, ?, ?, ?, ?)
      ON CONFLICT (tracking_number) DO NOTHING`);
    // Spread over the past weeks, one second apart, oldest first: "latest" is well defined.
    const firstInstant = Date.now() - toInsert * 1000 - 60_000;

    db.transaction(() => {
      let number = 0;
      for (let i = 0; i < toInsert; i++) {
        const blockId = i % 10 === 9 ? null : blocks[i % 30]!.id;
        const author = AUTHORS[i % AUTHORS.length]!;
        const body = `${BODIES[i % BODIES.length]}（第${i + 1}条）`;
        const received = new Date(firstInstant + i * 1000).toISOString();
        const published = new Date(firstInstant + i * 1000 + 500).toISOString();
        const search = searchKey(`${body} ${author.name ?? ''} ${author.organization ?? ''}`);
        let stored = false;
        while (!stored) {
          stored = insert.run(consultation.id, blockId, trackingNumber(number++), body, author.name, author.organization, search, received, published, received).changes === 1;
        }
      }
      // Recount rather than add: correct whatever was there before (sample and bench comments).
      db.prepare(
        `UPDATE blocks SET comment_count = (SELECT count(*) FROM comments c WHERE c.block_id = blocks.id AND c.status = 'published')
         WHERE consultation_id = ?`,
      ).run(consultation.id);
      db.prepare(
        `UPDATE consultations SET
           published_comment_count = (SELECT count(*) FROM comments c WHERE c.consultation_id = consultations.id AND c.status = 'published'),
           general_comment_count = (SELECT count(*) FROM comments c WHERE c.consultation_id = consultations.id AND c.status = 'published' AND c.block_id IS NULL),
           version = version + 1
         WHERE id = ?`,
      ).run(consultation.id);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');

    const counts = db
      .prepare(
        `SELECT (SELECT count(*) FROM comments c WHERE c.consultation_id = consultations.id) AS total,
           published_comment_count AS published, general_comment_count AS general FROM consultations WHERE id = ?`,
      )
      .get(consultation.id) as { total: number; published: number; general: number };
    return { inserted: toInsert, ...counts, seconds: (performance.now() - started) / 1000 };
  } finally {
    db.close();
  }
}
