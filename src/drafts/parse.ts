// The draft importer: turns pasted or uploaded text into a tree of blocks plus the notice's metadata
// and an import report. Pure: no database, no Hono, no clock, no Node. Every non-blank input line
// ends up in exactly one place — the body, the metadata, or the report's set-aside list — so nothing
// is ever silently dropped and an officer can restore any line.
//
// The phases: parse-lines (normalise, Markdown, page debris) → parse-front (title, notice, front
// matter) → parse-structure (headings, articles, items, using parse-classify and parse-units) →
// parse-ids (permalink ids). Report entries carry codes and params; the words are in the dictionary.
import { countBlocks, assignIds } from './parse-ids.ts';
import { DAMAGE, isSetextUnderline, joinBrokenHeadings, markMetaMarkup, normaliseLines, readMarkdown, removePinyinGlosses, type SourceLine } from './parse-lines.ts';
import { compact, readFront } from './parse-front.ts';
import { newState, warn } from './parse-report.ts';
import { buildBody } from './parse-structure.ts';
import type { DraftFormat, ImportReport, ParsedDraft } from './parse-types.ts';

export type * from './parse-types.ts';

export interface ParseOptions {
  format?: DraftFormat;
  /** Title given by the officer; wins over the one found in the text. */
  title?: string;
}

export function detectFormat(fileName: string | null, text: string): DraftFormat {
  if (fileName && /\.(md|markdown)$/i.test(fileName)) return 'markdown';
  if (/^#{1,6}\s+\S/m.test(text)) return 'markdown';
  // A setext heading; a sentence over a rule (「……起施行。」 then ---) is not one.
  const setext = /^(\S.*)\n(={3,}|-{3,})\s*$/gm;
  for (let m = setext.exec(text); m; m = setext.exec(text)) if (isSetextUnderline(m[1]!.trim(), m[2]!)) return 'markdown';
  return 'text';
}

export function parseDraft(input: string, options: ParseOptions = {}): ParsedDraft {
  const format = options.format ?? detectFormat(null, input);
  const state = newState();
  let glossesRemoved = 0;
  const normalised = normaliseLines(input);
  let lines: SourceLine[] = normalised.lines.map((line) => {
    const { text, count } = removePinyinGlosses(line.text);
    glossesRemoved += count;
    return { ...line, text };
  });
  lines = markMetaMarkup(lines);
  if (format === 'markdown') lines = readMarkdown(lines, normalised.hardBreaks);
  const content = joinBrokenHeadings(lines.filter((line) => line.text !== ''));

  for (const line of content) {
    if (!line.markup && DAMAGE.test(line.text)) {
      const at = line.text.search(DAMAGE);
      warn(state, 'suspected-damage', { line: line.no, excerpt: line.text.slice(Math.max(0, at - 8), at + 10) }, line.no);
    }
  }
  if (glossesRemoved > 0) warn(state, 'pinyin-glosses', { count: glossesRemoved });

  const yamlTitle = content
    .filter((line) => line.markup === 'yaml')
    .map((line) => /^title:\s*["']?(.*?)["']?\s*$/.exec(line.text)?.[1] ?? null)
    .find((t): t is string => Boolean(t)) ?? null;

  const { title, cursor } = readFront(content, state, yamlTitle);
  const markdownStructure = content.some((line) => line.heading && (title === null || compact(line.text) !== compact(title)));
  const body = buildBody(content, cursor, state, { markdownStructure, title });

  const { meta } = state;
  meta.issuer ??= meta.signature?.issuer ?? meta.frontMatter.find((line) => /(人民政府|政府|委员会|委員會|办公室|辦公室|办公厅|局|委|办|厅|部|院|中心|公司|集团|街道办事处)$/.test(line) && line.length <= 30) ?? null;
  if (meta.publishedDate && meta.deadline && meta.deadline < meta.publishedDate) {
    warn(state, 'deadline-before-publish', { published: meta.publishedDate, deadline: meta.deadline });
  }
  if (meta.noticeTitle && !meta.deadline) warn(state, 'no-deadline');

  assignIds(body);
  const count = countBlocks(body);
  const report: ImportReport = {
    setAside: state.setAside,
    warnings: state.warnings,
    glossesRemoved,
    stats: {
      nonBlankLines: content.length,
      bodyLines: state.bodyLines,
      metaLines: state.metaLines,
      setAsideLines: state.setAside.length,
      blocks: count.blocks,
      commentable: count.commentable,
    },
  };
  return { title: options.title ?? title, meta, report, body };
}
