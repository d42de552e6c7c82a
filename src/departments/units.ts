// The units a draft names as responsible, read from its blocks. Pure: no database, no Hono.
//
// Collective entries (区直有关单位, 各乡(镇)街道, 各相关镇、园区、街道, 市各委办局) name no one unit
// and no one mailbox, so they are kept off the roster and reported instead: the officer adds
// the actual units behind them by hand. Names are kept exactly as the draft writes them; near
// duplicates (a typo such as 区重点项目推进中心 / 区重点推进项目中心) are reported, not merged.
import type { Block } from '../db/schema.ts';
import { parseJson } from '../db/database.ts';
import { blockReference } from '../drafts/reference.ts';

export type DraftUnitRole = 'lead' | 'support';

export interface DraftUnit {
  name: string;
  /** Lead if the draft makes it lead anywhere, else support. */
  role: DraftUnitRole;
  /** References (第4项, 第五条) of the blocks naming it as lead, in document order. */
  leadIn: string[];
  supportIn: string[];
}

export interface CollectiveEntry {
  name: string;
  role: DraftUnitRole;
  references: string[];
}

export interface DraftUnits {
  units: DraftUnit[];
  collective: CollectiveEntry[];
  /** Pairs of names that are probably one unit spelt two ways. */
  similar: [string, string][];
}

export type UnitBlock = Pick<Block, 'id' | 'parent_id' | 'kind' | 'label' | 'number' | 'title' | 'text' | 'lead_units' | 'support_units'>;

/** 区直有关单位, 各乡(镇)街道, 市各委办局, 各相关镇、园区、街道, 有关部门: a group, not a unit. */
export function isCollectiveUnitName(name: string): boolean {
  return /^(?:[省市区县镇乡]直?)?各/.test(name) || /有关|相关/.test(name);
}

/** The draft's spelling, without stray spaces or a trailing 负责/配合 the importer left on. */
export function cleanUnitName(name: string): string {
  return name.replace(/\s+/g, '').replace(/(?:负责|配合|牵头)$/, '').trim();
}

function editDistance(a: string[], b: string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Same characters in another order, one or two characters off in a long name, or 市商务局 beside 商务局. */
export function looksLikeSameUnit(a: string, b: string): boolean {
  if (a === b) return false;
  const ca = [...a];
  const cb = [...b];
  if (ca.length >= 4 && ca.length === cb.length && [...ca].sort().join('') === [...cb].sort().join('')) return true;
  if (Math.min(ca.length, cb.length) >= 8 && editDistance(ca, cb) <= 2) return true;
  const [shorter, longer] = ca.length < cb.length ? [a, b] : [b, a];
  return shorter.length >= 3 && /^[省市区县]$/.test(longer.slice(0, longer.length - shorter.length)) && longer.endsWith(shorter);
}

/** Every unit the draft names, in the order it first names them. */
export function collectDraftUnits(blocks: UnitBlock[]): DraftUnits {
  const byId = new Map(blocks.map((b) => [b.id, b]));
  const units = new Map<string, DraftUnit>();
  const collective = new Map<string, CollectiveEntry>();
  for (const block of blocks) {
    const parent = block.parent_id !== null ? byId.get(block.parent_id) : null;
    const reference = blockReference(block, 'zh-CN', parent ?? null);
    for (const role of ['lead', 'support'] as const) {
      const names = parseJson<unknown[]>(role === 'lead' ? block.lead_units : block.support_units, []);
      for (const raw of names) {
        if (typeof raw !== 'string') continue;
        const name = cleanUnitName(raw);
        if (!name) continue;
        if (isCollectiveUnitName(name)) {
          const entry = collective.get(name) ?? { name, role, references: [] };
          if (role === 'lead') entry.role = 'lead';
          if (!entry.references.includes(reference)) entry.references.push(reference);
          collective.set(name, entry);
          continue;
        }
        const unit = units.get(name) ?? { name, role, leadIn: [], supportIn: [] };
        if (role === 'lead') unit.role = 'lead';
        const list = role === 'lead' ? unit.leadIn : unit.supportIn;
        if (!list.includes(reference)) list.push(reference);
        units.set(name, unit);
      }
    }
  }
  const names = [...units.keys()];
  const similar: [string, string][] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) if (looksLikeSameUnit(names[i]!, names[j]!)) similar.push([names[i]!, names[j]!]);
  }
  return { units: [...units.values()], collective: [...collective.values()], similar };
}

/** How to tell a unit to name a paragraph in its reply: the draft's first numbered item or article. */
export function exampleReference(blocks: UnitBlock[]): string {
  const byId = new Map(blocks.map((b) => [b.id, b]));
  const numbered = blocks.find((b) => (b.kind === 'item' || b.kind === 'article') && b.number !== null);
  if (!numbered) return '第1项';
  const parent = numbered.parent_id !== null ? byId.get(numbered.parent_id) : null;
  return blockReference(numbered, 'zh-CN', parent ?? null);
}
