// The real-document corpus (tests/fixtures/corpus): the three forms a document is pasted in, and
// the comparison of a parse with the structure derived from the document's own markup.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedDraft, ParsedNode } from '../../src/drafts/parse.ts';
import { type CorpusEntry, type Expected, type ExpectedNode, cnNumber, corpusDir, normalise, readManifest } from '../fixtures/corpus/derive.ts';

export type Form = 'published' | 'plain' | 'web';
export const FORMS: Form[] = ['published', 'plain', 'web'];

export interface CorpusDocument {
  entry: CorpusEntry;
  source: string;
  expected: Expected;
}

export function corpusAvailable(): boolean {
  return existsSync(join(corpusDir, 'docs')) && existsSync(join(corpusDir, 'expected'));
}

export function loadCorpus(): CorpusDocument[] {
  return readManifest().map((entry) => ({
    entry,
    source: readFileSync(join(corpusDir, 'docs', entry.file), 'utf8'),
    // Items are stored as 「1,2,3」; the outline elsewhere as derived.
    expected: JSON.parse(readFileSync(join(corpusDir, 'expected', `${entry.id}.json`), 'utf8'), (key, value) =>
      key === 'items' && typeof value === 'string' ? (value === '' ? [] : value.split(',')) : value,
    ) as Expected,
  }));
}

/** The Markdown as a reader sees it once rendered and copied: no #, no YAML, no comments, no link targets. */
export function plainText(entry: CorpusEntry, source: string): string {
  if (entry.format !== 'markdown') return source;
  const lines = source.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  let start = 0;
  if (lines[0]?.trim() === '---') {
    const end = lines.indexOf('---', 1);
    if (end > 0) start = end + 1;
  }
  const out: string[] = [];
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(=+|-{3,})\s*$/.test(line) && out.length && out.at(-1)!.trim()) continue; // setext underline
    if (/^\s*<!--.*-->\s*$/.test(line)) continue;
    out.push(
      line
        .replace(/^\s*#{1,6}\s*/, '')
        .replace(/\s#+\s*$/, '')
        .replace(/^\s*>\s?/, '')
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/<br\s*\/?>/gi, ' ')
        .replace(/<[^>]+>/g, '')
        .replace(/&mdash;/g, '—')
        .replace(/&#8617;/g, '')
        .replace(/\*\*\*|\*\*|__/g, '')
        .replace(/^(\s*)[-*+]\s+/, '$1')
        .replace(/ {2,}$/, ''),
    );
  }
  return out.join('\n');
}

/** Copied from a web page: one line per block, no blank lines. */
export function webText(entry: CorpusEntry, source: string): string {
  return plainText(entry, source)
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');
}

export function formText(doc: CorpusDocument, form: Form): string {
  if (form === 'published') return doc.source;
  if (form === 'plain') return plainText(doc.entry, doc.source);
  return webText(doc.entry, doc.source);
}

// A heading's depth is shown by its label where it has one (编/章/节, 一、, （一）, 7.1, A.); a plain-text
// copy of an unnumbered Markdown heading has lost its level. Tested on normalised text (no spaces).
const RANKED = /^(第[零〇一二两三四五六七八九十百千\d]+(编|分编|章|节|部分)|[零〇一二三四五六七八九十]+、|（[零〇一二三四五六七八九十]+）|\d+(\.\d+)*\.|[A-Z]\.(?=[A-Z])|序言)/;

interface FlatHeading {
  depth: number;
  text: string;
  ranked: boolean;
  line?: number;
}

function flatten(nodes: ExpectedNode[], depth = 0, path: string[] = [], out = { headings: [] as FlatHeading[], articles: [] as string[], items: [] as string[] }) {
  for (const node of nodes) {
    if (node.k === 'h') {
      out.headings.push({ depth, text: node.text, ranked: RANKED.test(node.text), ...(node.line !== undefined ? { line: node.line } : {}) });
      flatten(node.children, depth + 1, [...path, node.text], out);
    } else if (node.k === 'a') {
      out.articles.push(`${node.label}@${path.join('/')}`);
      out.items.push(`${node.label}:${node.items.map((label) => itemNumber(label)).join(',')}`);
    } else out.items.push(`${itemNumber(node.label)}@${path.join('/')}`);
  }
  return out;
}

function itemNumber(label: string): string {
  const m = /[零〇一二两三四五六七八九十百千]+|\d+/.exec(label);
  return m ? String(cnNumber(m[0])) : label;
}

export function reduceParse(nodes: ParsedNode[]): ExpectedNode[] {
  const out: ExpectedNode[] = [];
  for (const node of nodes) {
    if (node.kind === 'heading') out.push({ k: 'h', text: normalise(`${node.label ?? ''}${node.title ?? ''}`), line: node.line, children: reduceParse(node.children) });
    else if (node.kind === 'article')
      out.push({ k: 'a', label: normalise(node.label ?? ''), items: node.children.filter((c) => c.kind === 'item' && c.number !== null).map((c) => normalise(c.label ?? String(c.number))) });
    else if (node.kind === 'item') {
      if (node.number !== null) out.push({ k: 'i', label: normalise(node.label ?? String(node.number)) });
      // Items under an item (（一） under a provision 一、) follow it in the outline, as the expected lists them.
      out.push(...reduceParse(node.children));
    }
    // Paragraphs (款, preambles) and unnumbered items are not part of the expected outline.
  }
  return out;
}

function walk(nodes: ParsedNode[], visit: (node: ParsedNode) => void) {
  for (const node of nodes) {
    visit(node);
    walk(node.children, visit);
  }
}

export interface Comparison {
  /** What is wrong: any entry makes the document wrong. */
  problems: string[];
  /**
   * Headings the parse placed at another depth than the document marks, each one the import report
   * names with its line (「the text does not show its level」). Only in a copy that lost the markup,
   * only for headings whose label does not show their level: the officer raises or lowers them in
   * the structure editor. A document with these and no problems is "ambiguous and reported".
   */
  reported: string[];
}

export type Verdict = 'exact' | 'ambiguous' | 'wrong';

export function verdict(comparison: Comparison): Verdict {
  return comparison.problems.length ? 'wrong' : comparison.reported.length ? 'ambiguous' : 'exact';
}

/** Differences between a parse and the expected structure. */
export function compare(doc: CorpusDocument, form: Form, draft: ParsedDraft): Comparison {
  const problems: string[] = [];
  const reported: string[] = [];
  const expected = doc.expected;
  const bare = (title: string) => normalise(title).replace(/[《》〈〉]/g, '');
  if (bare(draft.title ?? '') !== bare(expected.title)) problems.push(`title: got 「${draft.title}」, want 「${expected.title}」`);

  const want = flatten(expected.body);
  const got = flatten(reduceParse(draft.body));
  const sameTexts = want.headings.length === got.headings.length && want.headings.every((h, i) => h.text === got.headings[i]!.text);
  let sameDepths = sameTexts;
  if (!sameTexts) {
    firstDifference('heading', want.headings.map((h) => h.text), got.headings.map((h) => h.text), problems);
  } else {
    const levelReported = new Set(draft.report.warnings.filter((w) => w.code === 'heading-level').map((w) => w.line));
    want.headings.forEach((w, i) => {
      const g = got.headings[i]!;
      if (w.depth === g.depth) return;
      sameDepths = false;
      const where = `heading #${i + 1} 「${w.text}」 (line ${g.line}) at depth ${g.depth}, want ${w.depth}`;
      if (form !== 'published' && !w.ranked && levelReported.has(g.line ?? -1)) reported.push(where);
      else problems.push(where);
    });
  }
  // Articles and items are compared with their heading path where the headings agree; where only
  // reported levels differ, with the heading right above them; else in order alone.
  const strip = (list: string[]) => (!sameTexts ? list.map((s) => s.replace(/@.*$/, '')) : !sameDepths ? list.map((s) => s.replace(/@(?:.*\/)?([^/]*)$/, '@$1')) : list);
  firstDifference('article', strip(want.articles), strip(got.articles), problems);
  firstDifference('item', strip(want.items), strip(got.items), problems);

  const front = new Set(expected.frontMatter);
  walk(draft.body, (node) => {
    const text = normalise(node.source);
    if (text && front.has(text)) problems.push(`front matter in body: line ${node.line} 「${node.source.slice(0, 40)}」 as ${node.kind}`);
  });
  const { nonBlankLines, bodyLines, metaLines, setAsideLines } = draft.report.stats;
  if (bodyLines + metaLines + setAsideLines !== nonBlankLines) {
    problems.push(`lines: ${nonBlankLines} non-blank, ${bodyLines} body + ${metaLines} meta + ${setAsideLines} set aside`);
  }
  return { problems, reported };
}

function firstDifference(what: string, want: string[], got: string[], problems: string[]) {
  if (want.length === got.length && want.every((w, i) => w === got[i])) return;
  let i = 0;
  while (i < want.length && i < got.length && want[i] === got[i]) i++;
  problems.push(`${what}s: ${got.length} found, ${want.length} expected; first difference at #${i + 1}: got 「${got[i] ?? '—'}」, want 「${want[i] ?? '—'}」`);
}
