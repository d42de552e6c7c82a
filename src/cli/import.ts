// npm run import -- FILE [--slug S] [--title T] [--opens ISO] [--closes ISO] [--moderation pre|post] [--dry-run] [--json]
// npm run import -- FILE --revision-of SLUG [--title T] [--opens ISO --closes ISO | --final] [--json]
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseConfig } from '../config.ts';
import { detectFormat, parseDraft } from '../drafts/parse.ts';
import { findConsultationBySlug, storeDraft, toApiNode } from '../drafts/store.ts';
import { translator } from '../lib/i18n.ts';
import { endOfBeijingDay, parseBeijingDate, systemClock } from '../lib/time.ts';
import { PUBLISH_REFUSALS, publishConsultation } from '../office/lifecycle.ts';
import { cleanText } from '../lib/sanitize.ts';
import { createRevision, PUBLISH_REVISION_REFUSALS, publishRevision, REVISION_REFUSALS } from '../office/versions.ts';
import { decodeText } from '../office/upload.ts';
import { openMigratedDatabase } from '../platform/node/data-dir.ts';
import { type ParsedArgs, runCommand, UsageError } from './args.ts';

const COMMAND = {
  usage:
    'usage: npm run import -- FILE [--slug S] [--title T] [--opens ISO] [--closes ISO] [--moderation pre|post] [--dry-run] [--json]\n' +
    '       npm run import -- FILE --revision-of SLUG [--title T] [--opens ISO --closes ISO | --final] [--json]',
  positionals: true,
  options: {
    'revision-of': { type: 'string' },
    final: { type: 'boolean', default: false },
    slug: { type: 'string' },
    title: { type: 'string' },
    opens: { type: 'string' },
    closes: { type: 'string' },
    moderation: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
} as const;

function slugFromFile(file: string): string {
  return basename(file, extname(file))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

function parseInstant(text: string | undefined, endOfDay: boolean, flag: string): Date | null {
  if (!text) return null;
  if (endOfDay && /^\d{4}-\d{2}-\d{2}$/.test(text)) return endOfBeijingDay(text);
  const instant = parseBeijingDate(text);
  if (!instant) throw new UsageError(`${flag} 的时间格式无法识别：${text}（例如 2026-12-01 或 2026-12-01T23:59:59+08:00）`);
  return instant;
}

async function main({ values, positionals }: ParsedArgs<typeof COMMAND.options>): Promise<number> {
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError(COMMAND.usage);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new UsageError(`无法读取文件：${file}`);
  }
  const text = cleanText(decodeText(bytes));
  const format = detectFormat(file, text);
  const parsed = parseDraft(text, { format, title: values.title });

  if (values['dry-run']) {
    const output = { title: parsed.title, meta: parsed.meta, report: parsed.report, body: parsed.body.map(toApiNode) };
    if (values.json) process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    else printSummary(parsed.title, parsed.report, parsed.meta.deadline);
    return 0;
  }

  if (values['revision-of'] !== undefined) return importRevision(values['revision-of'], { text, format, file, title: values.title ?? '', opens: values.opens, closes: values.closes, final: values.final, json: values.json });
  if (values.final) throw new UsageError(`--final 只用于 --revision-of（把修订稿作为最终文本发布）。\n${COMMAND.usage}`);

  const slug = values.slug ?? slugFromFile(file);
  if (!/^[a-z0-9][a-z0-9-]{1,79}$/.test(slug)) throw new UsageError(`--slug 只能包含小写字母、数字和连字符：${slug}`);
  if (!parsed.title) throw new UsageError('原文中没有识别到标题，请用 --title 指定。');
  const opensAt = parseInstant(values.opens, false, '--opens');
  const closesAt = parseInstant(values.closes, true, '--closes');
  if ((opensAt === null) !== (closesAt === null)) throw new UsageError('--opens 和 --closes 需要同时提供（只保存草稿时都不提供）。');
  if (opensAt && closesAt && closesAt <= opensAt) throw new UsageError('--closes 必须晚于 --opens。');
  const moderation = values.moderation ?? 'pre';
  if (moderation !== 'pre' && moderation !== 'post') throw new UsageError('--moderation 只能是 pre（审核后公开）或 post（先公开）。');

  const config = parseConfig(process.env);
  const { db } = openMigratedDatabase(config.dataDir);
  try {
    if (await findConsultationBySlug(db, slug)) throw new UsageError(`已有同名征求意见：${slug}。请换一个 --slug。`);
    await storeDraft(db, {
      slug,
      title: parsed.title,
      parsed,
      sourceText: text,
      sourceFormat: format,
      state: 'draft',
      opensAt,
      closesAt,
      moderation,
      now: new Date(),
    });
    if (opensAt) {
      // Published as the office publishes (the roster seeded from the units the text names); the
      // operator typed the dates, so a short or past window is taken as meant.
      const draft = (await findConsultationBySlug(db, slug))!;
      const published = await publishConsultation(
        { db, clock: systemClock },
        { consultation: draft, version: draft.version, confirmShortWindow: true, allowClosedWindow: true, actor: { officerId: null, ip: null } },
      );
      if (!published.ok) throw new UsageError(`已保存为草稿（未发布）：${slug}。${translator('zh-CN')(PUBLISH_REFUSALS[published.code])}`);
    }
  } finally {
    await db.close();
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ slug, state: opensAt ? 'published' : 'draft', url: `${config.publicBaseUrl}/consultations/${slug}` })}\n`);
  } else {
    printSummary(parsed.title, parsed.report, parsed.meta.deadline);
    console.log(opensAt ? `已发布：${config.publicBaseUrl}/consultations/${slug}` : `已保存为草稿（未发布）：${slug}。提供 --opens 和 --closes 即可发布。`);
  }
  return 0;
}

/**
 * A revised text as the next version of a consultation, through the office's own commands: kept
 * as a draft revision for the structure editor, or published for a new round (--opens, --closes)
 * or as the final text (--final) once the round is over.
 */
async function importRevision(
  slug: string,
  input: { text: string; format: 'text' | 'markdown'; file: string; title: string; opens?: string; closes?: string; final: boolean; json: boolean },
): Promise<number> {
  const opensAt = parseInstant(input.opens, false, '--opens');
  const closesAt = parseInstant(input.closes, true, '--closes');
  if ((opensAt === null) !== (closesAt === null)) throw new UsageError('--opens 和 --closes 需要同时提供（只保存修订稿时都不提供）。');
  if (opensAt && input.final) throw new UsageError('--final 与 --opens/--closes 不能同时使用：最终文本不再征求意见。');
  const t = translator('zh-CN');
  const config = parseConfig(process.env);
  const { db } = openMigratedDatabase(config.dataDir);
  // The public address goes into the notices a new round sends to the consultation's subscribers.
  const deps = { db, clock: systemClock, settings: { publicBaseUrl: config.publicBaseUrl } };
  const actor = { officerId: null, ip: null };
  let number: number;
  let state: 'draft' | 'round' | 'final' = 'draft';
  try {
    const consultation = await findConsultationBySlug(db, slug);
    if (!consultation) throw new UsageError(`没有这个征求意见：${slug}`);
    const created = await createRevision(deps, {
      consultation,
      version: consultation.version,
      source: { text: input.text, format: input.format, from: 'file', fileName: basename(input.file) },
      title: input.title,
      actor,
    });
    if (!created.ok) {
      if (created.code === 'invalid') throw new UsageError(created.fields.source ? t('office.new.error.noBody') : t('office.new.error.titleTooLong'));
      throw new UsageError(t(REVISION_REFUSALS[created.code], created.params));
    }
    number = created.number;
    if (opensAt || input.final) {
      const current = (await findConsultationBySlug(db, slug))!;
      const published = await publishRevision(deps, {
        consultation: current,
        version: current.version,
        purpose: input.final ? 'final' : 'round',
        opensAt,
        closesAt,
        // The operator typed the dates: a short or past window is taken as meant.
        confirmShortWindow: true,
        allowClosedWindow: true,
        actor,
      });
      if (!published.ok) throw new UsageError(`已保存为第${number}稿（未发布）。${t(PUBLISH_REVISION_REFUSALS[published.code])}`);
      state = input.final ? 'final' : 'round';
    }
  } finally {
    await db.close();
  }
  const url = `${config.publicBaseUrl}/consultations/${slug}`;
  if (input.json) process.stdout.write(`${JSON.stringify({ slug, version: number, state, url })}\n`);
  else console.log(state === 'draft' ? `已保存为第${number}稿（未发布），可在结构编辑中校对：${config.publicBaseUrl}/office/consultations/${slug}/structure` : `第${number}稿已发布：${url}`);
  return 0;
}

function printSummary(title: string | null, report: ReturnType<typeof parseDraft>['report'], deadline: string | null) {
  console.log(`标题：${title ?? '（未识别）'}`);
  console.log(`结构：${report.stats.blocks} 个条目，其中可评论 ${report.stats.commentable} 个`);
  if (deadline) console.log(`原公告的截止日期：${deadline}`);
  console.log(`正文之外的内容：${report.setAside.length} 行（均已列出，可恢复）`);
  for (const line of report.setAside) console.log(`  第${line.line}行 ${line.message}：${line.text}`);
  if (report.warnings.length) console.log('需要注意：');
  for (const warning of report.warnings) console.log(`  ${warning.line ? `第${warning.line}行 ` : ''}${warning.message}`);
}

runCommand(COMMAND, main);
