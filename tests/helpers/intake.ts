// An IntakeContext built from the real Changjiang seed draft without a database: the draft is
// parsed with the importer and its tree flattened into IntakeBlocks with made-up ids.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDraft, type ParsedNode } from '../../src/drafts/parse.ts';
import type { IntakeBlock, IntakeConsultation, IntakeContext, IntakeUnit } from '../../src/mail/types.ts';

const seed = (name: string) => readFileSync(fileURLToPath(new URL(`../../seeds/${name}`, import.meta.url)), 'utf8');

export function blocksOf(body: ParsedNode[], firstId = 1000): IntakeBlock[] {
  const blocks: IntakeBlock[] = [];
  let next = firstId;
  const walk = (nodes: ParsedNode[], parentId: number | null) => {
    for (const node of nodes) {
      const id = next++;
      blocks.push({ id, kind: node.kind, label: node.label, number: node.number, title: node.title, text: node.text, key: node.id, parentId });
      walk(node.children, id);
    }
  };
  walk(body, null);
  return blocks;
}

export const CHANGJIANG_ID = 7;
export const OTHER_ID = 8;

export function changjiang(): IntakeConsultation {
  const draft = parseDraft(seed('changjiang-2022-yangtze-work-points-draft.txt'));
  return {
    id: CHANGJIANG_ID,
    slug: 'changjiang-2022',
    title: draft.title ?? '',
    addresses: ['changjiang-2022@yijian.test', 'cjqfgw@163.com'],
    opensAt: new Date('2022-04-06T00:00:00+08:00'),
    closesAt: new Date('2022-04-19T23:59:59+08:00'),
    blocks: blocksOf(draft.body),
    rosterUnitIds: [1, 2, 3],
  };
}

export function otherConsultation(): IntakeConsultation {
  const draft = parseDraft(seed('yixing-2020-key-tasks.txt'));
  return {
    id: OTHER_ID,
    slug: 'yixing-2020',
    title: draft.title ?? '市政府2020年重点工作分解落实方案',
    addresses: ['yixing-2020@yijian.test'],
    opensAt: null,
    closesAt: new Date('2020-10-01T00:00:00+08:00'),
    blocks: blocksOf(draft.body, 5000),
    rosterUnitIds: [],
  };
}

export const UNITS: IntakeUnit[] = [
  { id: 1, name: '区生态环境局', addresses: ['sthjj@changjiang.gov.test'] },
  { id: 2, name: '区住建局', addresses: ['ZJJ@changjiang.gov.test', 'zjj_office@163.com'] },
  { id: 3, name: '区林业局', addresses: ['lyj@changjiang.gov.test'] },
  { id: 4, name: '区农业农村水利局', addresses: ['nyncsl@changjiang.gov.test'] },
];

export function intakeContext(overrides: Partial<IntakeContext> = {}): IntakeContext {
  return {
    recipients: ['changjiang-2022@yijian.test'],
    receivedAt: new Date('2022-04-18T10:05:00+08:00'),
    timing: 'live',
    forcedConsultationId: null,
    consultations: [changjiang(), otherConsultation()],
    units: UNITS,
    ...overrides,
  };
}

/** The block of the Changjiang draft with this key ('i4'). */
export function block(context: IntakeContext, key: string): IntakeBlock {
  const found = context.consultations.find((c) => c.id === CHANGJIANG_ID)!.blocks.find((b) => b.key === key);
  if (!found) throw new Error(`no block ${key}`);
  return found;
}
