// The reply corpus (tests/fixtures/mail/corpus): realistic department replies as Foxmail, Outlook,
// Coremail, QQ and 163 webmail, iPhone, Huawei and Thunderbird send them, each with what an
// officer expects: the opinions with their paragraphs, 无意见 on the rest, every paragraph that
// is not an opinion with its class, the unit names in the signature. Exact match, case by case;
// the rate over the corpus is printed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDraft } from '../../src/drafts/parse.ts';
import { readMessage } from '../../src/mail/read.ts';
import type { IntakeConsultation, IntakeContext } from '../../src/mail/types.ts';
import { understandMessage } from '../../src/mail/understand.ts';
import { blocksOf, changjiang, UNITS } from '../helpers/intake.ts';

const corpus = (name: string) => fileURLToPath(new URL(`../fixtures/mail/corpus/${name}`, import.meta.url));

interface Expected {
  outcome: string;
  comments: [string | null, string][];
  noObjectionOnRest: boolean;
  nonOpinions: [string, string][];
  unitNames: string[];
}

interface Entry {
  name: string;
  file: string;
  client: string;
  charset: string;
  shape: string;
  attachments: string[];
  expect: Expected;
}

const entries = JSON.parse(readFileSync(corpus('expected.json'), 'utf8')) as Entry[];

function laji(): IntakeConsultation {
  const draft = parseDraft(readFileSync(corpus('laji-draft.txt'), 'utf8'));
  return {
    id: 9,
    slug: 'laji-2023',
    title: draft.title ?? '',
    addresses: ['laji-2023@yijian.test', 'cgj@changjiang.gov.test'],
    opensAt: new Date('2022-11-01T00:00:00+08:00'),
    closesAt: new Date('2022-11-20T23:59:59+08:00'),
    blocks: blocksOf(draft.body, 9000),
    rosterUnitIds: [],
  };
}

const consultations = [changjiang(), laji()];
const keys = new Map(consultations.flatMap((c) => c.blocks).map((block) => [block.id, block.key ?? null]));

function context(): IntakeContext {
  return {
    recipients: [],
    receivedAt: new Date('2022-12-01T09:00:00+08:00'),
    timing: 'imported',
    forcedConsultationId: null,
    consultations,
    units: UNITS,
  };
}

async function understood(entry: Entry): Promise<Expected> {
  const message = await readMessage(readFileSync(corpus(entry.file)));
  const u = understandMessage(message, { ...context(), recipients: [...message.to, ...message.cc] });
  return {
    outcome: u.outcome,
    comments: u.comments.map((comment) => [comment.blockId === null ? null : (keys.get(comment.blockId) ?? `#${comment.blockId}`), comment.text]),
    noObjectionOnRest: u.noObjectionOnRest,
    nonOpinions: u.nonOpinions.map((n) => [n.kind, n.text]),
    unitNames: u.unitNames,
  };
}

const results = new Map<string, { exact: boolean; comments: boolean }>();

describe('the reply corpus', () => {
  it('has at least 80 replies from every client, charset and shape the issue names', () => {
    expect(entries.length).toBeGreaterThanOrEqual(80);
    const seen = (key: keyof Entry) => new Set(entries.map((entry) => String(entry[key])));
    for (const client of ['foxmail', 'outlook', 'coremail', 'qq', 'netease', 'iphone']) expect(seen('client')).toContain(client);
    for (const charset of ['UTF-8', 'GB2312', 'GBK', 'GB18030', 'Big5']) expect(seen('charset')).toContain(charset);
    for (const shape of ['plain', 'html', 'alternative']) expect(seen('shape')).toContain(shape);
    const kinds = new Set(entries.flatMap((entry) => entry.attachments));
    for (const kind of ['docx', 'xlsx', 'txt']) expect(kinds).toContain(kind);
  });

  it.each(entries.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const actual = await understood(entry);
    const sameComments = actual.outcome === entry.expect.outcome && JSON.stringify(actual.comments) === JSON.stringify(entry.expect.comments);
    results.set(entry.name, { exact: sameComments && JSON.stringify(actual) === JSON.stringify(entry.expect), comments: sameComments });
    expect(actual).toEqual(entry.expect);
  });

  afterAll(() => {
    const all = [...results.values()];
    const exact = all.filter((r) => r.exact).length;
    const comments = all.filter((r) => r.comments).length;
    const pct = (n: number) => `${((100 * n) / Math.max(1, all.length)).toFixed(1)}%`;
    console.log(`reply corpus: ${exact}/${all.length} understood exactly (${pct(exact)}); outcome and comments alone: ${comments}/${all.length} (${pct(comments)})`);
    const missed = [...results].filter(([, r]) => !r.exact).map(([name]) => name);
    if (missed.length) console.log(`not exact: ${missed.join(', ')}`);
  });
});
