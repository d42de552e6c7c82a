// The structure corrections as a pure outline edit, and the window-length rules.
import { describe, expect, it } from 'vitest';
import { applyCorrection, type Correction, CorrectionError, isValidOutline, type OutlineEntry, parentKeys, removedEntries } from '../../src/office/structure.ts';
import { suggestSlug } from '../../src/office/slug.ts';
import { calendarDays, checkWindowLength, guessDocumentKind, workingDays } from '../../src/office/window-rules.ts';
import { parseBeijingInput } from '../../src/office/forms.ts';

let id = 0;
function entry(key: string, depth: number, kind: OutlineEntry['kind'], text: string | null, extra: Partial<OutlineEntry> = {}): OutlineEntry {
  return { id: ++id, key, depth, kind, label: null, number: null, title: null, text, lead: [], support: [], sourceLine: null, sourceText: null, ...extra };
}

const DOC: OutlineEntry[] = [
  entry('s1', 0, 'heading', null, { label: '一、', title: '总体要求', sourceLine: 3 }),
  entry('i1', 1, 'item', '落实主体责任，', { label: '1.', number: 1, sourceLine: 4, lead: ['县交通局'] }),
  entry('p1', 1, 'paragraph', '明确分工。', { sourceLine: 5, support: ['县财政局'] }),
  entry('i2', 1, 'item', '保障资金。', { label: '2.', number: 2, sourceLine: 7 }),
  entry('s2', 0, 'heading', null, { label: '二、', title: '保障措施', sourceLine: 9 }),
  entry('p2', 1, 'paragraph', 'Section A', { sourceLine: 10 }),
  entry('p3', 1, 'paragraph', 'continues here.', { sourceLine: 11 }),
];

const shape = (entries: OutlineEntry[]) => entries.map((e) => `${e.depth} ${e.kind} ${e.key} ${e.title ?? e.text ?? ''}`);

function refuses(fn: () => unknown, code: string) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CorrectionError);
    expect((error as CorrectionError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}`);
}

describe('structure corrections', () => {
  it('deletes a block with everything under it', () => {
    expect(shape(applyCorrection(DOC, { type: 'delete', key: 's1' })).map((s) => s.split(' ')[2])).toEqual(['s2', 'p2', 'p3']);
    expect(removedEntries(DOC, applyCorrection(DOC, { type: 'delete', key: 'i1' })).map((e) => e.key)).toEqual(['i1']);
  });

  it('raises or lowers every heading of one level at once, each with its subtree', () => {
    const nested: OutlineEntry[] = [
      entry('t', 0, 'heading', null, { title: '网页标题' }),
      entry('c1', 1, 'heading', null, { label: '第一章', title: '总则' }),
      entry('a1', 2, 'article', '甲。', { label: '第一条', number: 1 }),
      entry('c2', 1, 'heading', null, { label: '第二章', title: '附则' }),
      entry('a2', 2, 'article', '乙。', { label: '第二条', number: 2 }),
    ];
    const raised = applyCorrection(nested, { type: 'level', depth: 1, direction: 'raise' });
    expect(shape(raised).map((s) => s.split(' ').slice(0, 3).join(' '))).toEqual(['0 heading t', '0 heading c1', '1 article a1', '0 heading c2', '1 article a2']);
    expect(isValidOutline(raised)).toBe(true);
    refuses(() => applyCorrection(nested, { type: 'level', depth: 4, direction: 'raise' }), 'level-none');
    refuses(() => applyCorrection(nested, { type: 'level', depth: 0, direction: 'raise' }), 'outdent-top');
    // The first heading has nothing above it to go under.
    refuses(() => applyCorrection(raised, { type: 'level', depth: 0, direction: 'lower' }), 'indent-first');
  });

  it('merges the next paragraph into a block, joining Chinese without a space and Latin with one', () => {
    const merged = applyCorrection(DOC, { type: 'merge', key: 'i1' });
    expect(shape(merged).slice(1, 3)).toEqual(['1 item i1 落实主体责任，明确分工。', '1 item i2 保障资金。']);
    expect(merged[1]!.support).toEqual(['县财政局']);
    expect(applyCorrection(DOC, { type: 'merge', key: 'p2' }).at(-1)!.text).toBe('Section A continues here.');
    refuses(() => applyCorrection(DOC, { type: 'merge', key: 's1' }), 'merge-heading');
    refuses(() => applyCorrection(DOC, { type: 'merge', key: 'p1' }), 'merge-next-not-paragraph');
    refuses(() => applyCorrection(DOC, { type: 'merge', key: 'p3' }), 'merge-no-next');
    refuses(() => applyCorrection(DOC, { type: 'merge', key: 'nope' }), 'unknown-block');
    // The input is not changed.
    expect(DOC[1]!.text).toBe('落实主体责任，');
  });

  it('splits a paragraph into siblings and an item into its own text plus a first child', () => {
    const paragraph = applyCorrection(DOC, { type: 'split', key: 'p1', parts: ['明确', '分工。'] });
    expect(shape(paragraph).slice(2, 4)).toEqual(['1 paragraph p1 明确', '1 paragraph p1-2 分工。']);
    expect(paragraph[3]!.id).toBeNull();
    const item = applyCorrection(DOC, { type: 'split', key: 'i2', parts: ['保障', '资金。', ''] });
    expect(shape(item).slice(3, 5)).toEqual(['1 item i2 保障', '2 paragraph i2-2 资金。']);
    refuses(() => applyCorrection(DOC, { type: 'split', key: 'p1', parts: ['明确分工。'] }), 'split-too-few');
    refuses(() => applyCorrection(DOC, { type: 'split', key: 'p1', parts: ['明确', '任务。'] }), 'split-changed-text');
  });

  it('moves a block with its subtree one level, within the outline rules', () => {
    const indented = applyCorrection(DOC, { type: 'indent', key: 'p1' });
    expect(parentKeys(indented)[2]).toBe('i1');
    refuses(() => applyCorrection(DOC, { type: 'indent', key: 's1' }), 'indent-first');
    refuses(() => applyCorrection(indented, { type: 'indent', key: 'p1' }), 'indent-first');
    const outdented = applyCorrection(DOC, { type: 'outdent', key: 'i1' });
    expect(shape(outdented).slice(0, 3)).toEqual(['0 heading s1 总体要求', '0 item i1 落实主体责任，', '1 paragraph p1 明确分工。']);
    expect(parentKeys(outdented)).toEqual([null, null, 'i1', 'i1', null, 's2', 's2']);
    refuses(() => applyCorrection(DOC, { type: 'outdent', key: 's2' }), 'outdent-top');
    const subtree = applyCorrection(DOC, { type: 'indent', key: 's2' });
    expect(subtree.slice(4).map((e) => e.depth)).toEqual([1, 2, 2]);
  });

  it('turns a heading into a paragraph and back', () => {
    const paragraph = applyCorrection(DOC, { type: 'kind', key: 's2', kind: 'paragraph' });
    expect(paragraph[4]).toMatchObject({ kind: 'paragraph', title: null, text: '保障措施', label: '二、' });
    const heading = applyCorrection(paragraph, { type: 'kind', key: 's2', kind: 'heading' });
    expect(heading[4]).toMatchObject({ kind: 'heading', title: '保障措施', text: null });
    refuses(() => applyCorrection(DOC, { type: 'kind', key: 'i1', kind: 'heading' }), 'kind-not-convertible');
    refuses(() => applyCorrection(DOC, { type: 'kind', key: 's1', kind: 'heading' }), 'kind-same');
  });

  it('edits a text and refuses an empty block', () => {
    const edited = applyCorrection(DOC, { type: 'edit', key: 'p1', label: ' ', title: null, text: ' 明确分工，加强考核。 ' });
    expect(edited[2]).toMatchObject({ label: null, text: '明确分工，加强考核。' });
    refuses(() => applyCorrection(DOC, { type: 'edit', key: 'p1', label: null, title: '', text: ' ' }), 'edit-empty');
  });

  it('restores a set-aside line after the block that preceded it in the source', () => {
    // Line 6 fell between p1 (line 5) and i2 (line 7): a sibling paragraph after p1.
    const after = applyCorrection(DOC, { type: 'restore', line: 6, text: '（此段曾被误删）' });
    expect(shape(after).slice(2, 5)).toEqual(['1 paragraph p1 明确分工。', '1 paragraph r6 （此段曾被误删）', '1 item i2 保障资金。']);
    expect(after[3]).toMatchObject({ id: null, sourceLine: 6 });
    // After a heading, it becomes the heading's first paragraph.
    const underHeading = applyCorrection(DOC, { type: 'restore', line: 9.5, text: '说明' });
    expect(shape(underHeading).slice(4, 6)).toEqual(['0 heading s2 保障措施', '1 paragraph r9.5 说明']);
    // Before everything: at the top.
    expect(shape(applyCorrection(DOC, { type: 'restore', line: 1, text: '前言' }))[0]).toBe('0 paragraph r1 前言');
  });

  it('keeps every result a valid outline', () => {
    const corrections = [
      { type: 'merge', key: 'i1' },
      { type: 'split', key: 'p2', parts: ['Section', 'A'] },
      { type: 'indent', key: 'i2' },
      { type: 'outdent', key: 'p3' },
      { type: 'restore', line: 8, text: 'x' },
      { type: 'kind', key: 'p2', kind: 'heading' },
    ] satisfies Correction[];
    let current = DOC;
    for (const correction of corrections) {
      current = applyCorrection(current, correction);
      expect(isValidOutline(current)).toBe(true);
    }
  });
});

describe('window length', () => {
  const at = (text: string) => new Date(text);
  it('counts calendar days in Beijing time, both ends included; a close at 00:00 ends the day before', () => {
    expect(calendarDays(at('2026-12-01T00:00:00+08:00'), at('2026-12-30T23:59:59+08:00'))).toBe(30);
    expect(calendarDays(at('2026-12-01T00:00:00+08:00'), at('2026-12-31T00:00:00+08:00'))).toBe(30);
    // 20:00 UTC on 30 Nov is already 1 Dec in Beijing.
    expect(calendarDays(at('2026-11-30T20:00:00Z'), at('2026-12-30T15:59:59Z'))).toBe(30);
  });

  it('counts Monday to Friday as working days', () => {
    // Mon 7 Dec 2026 to Tue 15 Dec 2026.
    expect(workingDays(at('2026-12-07T09:00:00+08:00'), at('2026-12-15T17:00:00+08:00'))).toBe(7);
    // Sat 5 Dec to Sun 13 Dec: the weekdays 7–11 only.
    expect(workingDays(at('2026-12-05T09:00:00+08:00'), at('2026-12-13T17:00:00+08:00'))).toBe(5);
  });

  it('applies 30 days to rules and 7 working days to other documents', () => {
    expect(checkWindowLength('rule', at('2026-12-01T00:00:00+08:00'), at('2026-12-29T23:59:59+08:00'))).toMatchObject({ short: true, actual: 29, minimum: 30, unit: 'days' });
    expect(checkWindowLength('rule', at('2026-12-01T00:00:00+08:00'), at('2026-12-30T23:59:59+08:00')).short).toBe(false);
    expect(checkWindowLength('other', at('2026-12-07T09:00:00+08:00'), at('2026-12-14T17:00:00+08:00'))).toMatchObject({ short: true, actual: 6, minimum: 7, unit: 'workingDays' });
    expect(guessDocumentKind('清河市城市绿化管理办法')).toBe('rule');
    expect(guessDocumentKind('2024年句容市政府工作報告')).toBe('other');
  });

  it('reads datetime-local input as Beijing time, a closing minute to its last second', () => {
    expect(parseBeijingInput('2026-12-01T09:30', 'start')!.toISOString()).toBe('2026-12-01T01:30:00.000Z');
    expect(parseBeijingInput('2026-12-31T23:59', 'end')!.toISOString()).toBe('2026-12-31T15:59:59.000Z');
    expect(parseBeijingInput('2026-12-31', 'end')!.toISOString()).toBe('2026-12-31T15:59:59.000Z');
    expect(parseBeijingInput('2026-12-31 08:00', 'start')!.toISOString()).toBe('2026-12-31T00:00:00.000Z');
    expect(parseBeijingInput('2026-02-30T10:00', 'start')).toBeNull();
    expect(parseBeijingInput('tomorrow', 'start')).toBeNull();
  });
});

describe('slug suggestions', () => {
  it('keeps ASCII words and years and spells Chinese by pinyin initials', () => {
    expect(suggestSlug('2024年句容市政府工作報告')).toBe('2024-njrszfgzbg');
    // Polyphones take one reading (长 as zhang): a suggestion, which the officer may change.
    expect(suggestSlug('长江经济带发展工作要点（征求意见稿）')).toBe('zjjjdfzgzyd');
    expect(suggestSlug('Draft rules 2025')).toBe('draft-rules-2025');
    expect(suggestSlug('（）')).toBe('draft');
  });
});
