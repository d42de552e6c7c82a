// Responsible units: the parenthesised groups after an item, e.g. （区生态环境局负责，区直有关单位配合）,
// split into lead (负责/牵头) and supporting (配合) units. Pure.
import type { Responsible } from './parse-types.ts';

const UNIT_NAME =
  /(局|委|办|院|中心|街道|集团|公司|部|所|社|室|处|会|队|组|站|行|关|厅|政府|单位|部门|园|园区|镇|乡|区|县|市|分局|支行|海关|团委|管委会|医院|学校|银行|协会|联合会|分公司|大队|支队|办事处|平台)$/;
// 各相关镇、园区、街道 names one party (the towns, parks and subdistricts concerned), not three.
const GENERIC_BODY = /^(园区|街道|镇|乡|社区|村|板块|开发区|乡镇|部门|单位)$/;
const LEAD_SUFFIX = /(负责|牵头|主责|负总责)$/;
const SUPPORT_SUFFIX = /(配合|协助|协办|参与|配合落实)$/;
const LEAD_PREFIX = /^(牵头单位|责任单位|主办单位|负责单位|牵头部门|责任部门)\s*[:：]\s*/;
const SUPPORT_PREFIX = /^(配合单位|协办单位|参与单位|配合部门|协办部门)\s*[:：]\s*/;

interface Group {
  start: number;
  end: number; // index just past the closing parenthesis
  content: string;
}

interface ParenScan {
  groups: Group[];
  stray: number[];
}

function scanParentheses(text: string): ParenScan {
  const groups: Group[] = [];
  const stray: number[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '（') {
      if (depth === 0) start = i;
      depth += 1;
    } else if (ch === ')' || ch === '）') {
      if (depth === 0) {
        stray.push(i);
        continue;
      }
      depth -= 1;
      if (depth === 0) groups.push({ start, end: i + 1, content: text.slice(start + 1, i) });
    }
  }
  return { groups, stray };
}

function splitTopLevel(text: string, separators: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(' || ch === '（') depth += 1;
    if (ch === ')' || ch === '）') depth = Math.max(0, depth - 1);
    if (depth === 0 && separators.test(ch)) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function readResponsibleGroup(content: string): Responsible | null {
  const lead: string[] = [];
  const support: string[] = [];
  let units = 0;
  let unitLike = 0;
  let marked = false;
  for (let clause of splitTopLevel(content, /[,，;；]/)) {
    let role: 'lead' | 'support' = 'lead';
    if (LEAD_PREFIX.test(clause)) {
      clause = clause.replace(LEAD_PREFIX, '');
      marked = true;
    } else if (SUPPORT_PREFIX.test(clause)) {
      clause = clause.replace(SUPPORT_PREFIX, '');
      role = 'support';
      marked = true;
    }
    if (LEAD_SUFFIX.test(clause)) {
      clause = clause.replace(LEAD_SUFFIX, '');
      marked = true;
    } else if (SUPPORT_SUFFIX.test(clause)) {
      clause = clause.replace(SUPPORT_SUFFIX, '');
      role = 'support';
      marked = true;
    }
    const names: string[] = [];
    for (const raw of splitTopLevel(clause, /[、]/)) {
      const name = raw.replace(/等$/, '').trim();
      const previous = names.at(-1);
      if (previous !== undefined && previous.startsWith('各') && GENERIC_BODY.test(name)) names[names.length - 1] = `${previous}、${name}`;
      else if (name) names.push(name);
    }
    for (const name of names) {
      units += 1;
      if (UNIT_NAME.test(name) && name.length <= 30 && !/[。！？]/.test(name)) unitLike += 1;
      (role === 'lead' ? lead : support).push(name);
    }
  }
  if (units === 0) return null;
  // A group counts when every name in it reads as a body (局、委、中心、街道…), or it says who leads.
  if (unitLike === units || (units >= 4 && unitLike >= units * 0.75) || (marked && unitLike >= units * 0.6)) {
    return { lead, support };
  }
  return null;
}

export interface ResponsibleExtraction {
  text: string;
  responsible: Responsible;
  strayRemoved: number;
}

export function extractResponsible(text: string): ResponsibleExtraction {
  const { groups, stray } = scanParentheses(text);
  const accepted: Group[] = [];
  const responsible: Responsible = { lead: [], support: [] };
  for (const group of groups) {
    const before = text.slice(0, group.start).trimEnd();
    const after = text.slice(group.end).trimStart();
    const atSentenceEnd = before === '' || /[。；;！!？?.)）]$/.test(before);
    const endsText = after === '' || /^[)）。；;]*$/.test(after);
    const startsSentence = atSentenceEnd && (endsText || /^[)）]?\s*[\u4e00-\u9fff“《]/.test(after));
    if (!atSentenceEnd || !(endsText || startsSentence)) continue;
    const read = readResponsibleGroup(group.content);
    if (!read) continue;
    accepted.push(group);
    for (const name of read.lead) if (!responsible.lead.includes(name)) responsible.lead.push(name);
    for (const name of read.support) if (!responsible.support.includes(name)) responsible.support.push(name);
  }
  if (accepted.length === 0) return { text, responsible, strayRemoved: 0 };
  // Remove accepted groups, and an unmatched ) right after one (Changjiang item 15 has "负责))").
  const cut = new Set<number>();
  let strayRemoved = 0;
  for (const group of accepted) {
    for (let i = group.start; i < group.end; i++) cut.add(i);
    let j = group.end;
    while (j < text.length && text[j] === ' ') j++;
    while (stray.includes(j)) {
      cut.add(j);
      strayRemoved += 1;
      j++;
    }
  }
  const cleaned = [...text].filter((_, i) => !cut.has(i)).join('').replace(/\s{2,}/g, ' ').trim();
  return { text: cleaned, responsible, strayRemoved };
}

