// npm run mail:import -- FILE.eml… [--consultation SLUG] [--dry-run] [--json]
// Messages saved from a mail client go through the same pipeline as mail that arrives by SMTP or
// IMAP: stored raw first, then read, filed and acknowledged. They are timed by their Received
// headers (or Date), not by when they are imported.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseConfig } from '../config.ts';
import { findConsultationBySlug } from '../drafts/store.ts';
import type { MailDeps } from '../mail/inbound/deps.ts';
import { processInbound } from '../mail/inbound/process.ts';
import { acceptInbound } from '../mail/inbound/store.ts';
import { understandRaw, type Understood } from '../mail/inbound/understood.ts';
import { toImportLine } from '../mail/import-line.ts';
import { reasonText } from '../mail/wording.ts';
import { translator } from '../lib/i18n.ts';
import { systemClock } from '../lib/time.ts';
import { openMigratedDatabase } from '../platform/node/data-dir.ts';
import { type ParsedArgs, runCommand, UsageError } from './args.ts';

const COMMAND = {
  usage: 'usage: npm run mail:import -- FILE.eml… [--consultation SLUG] [--dry-run] [--json]',
  positionals: true,
  options: {
    consultation: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
} as const;

const OUTCOME_TEXT: Record<string, string> = {
  comments: '意见',
  'no-comments': '无意见',
  spam: '垃圾或无关邮件，已搁置',
  unassigned: '未能确定征求意见，待人工分拣',
  'needs-attention': '需人工处理',
};

function readFiles(files: string[], maxBytes: number): { file: string; raw: Buffer }[] {
  // Every file is checked before anything is stored: a typo in the tenth name must not leave nine imported.
  const problems: string[] = [];
  const read: { file: string; raw: Buffer }[] = [];
  for (const file of files) {
    try {
      const size = statSync(file).size;
      if (size > maxBytes) {
        problems.push(`文件过大（${size} 字节，上限 ${maxBytes}）：${file}`);
        continue;
      }
      read.push({ file, raw: readFileSync(file) });
    } catch {
      problems.push(`无法读取文件：${file}`);
    }
  }
  if (problems.length) throw new UsageError(`${problems.join('\n')}\n没有导入任何邮件。`);
  return read;
}

function describe(file: string, understood: Understood, extra: string): string {
  const line = toImportLine(understood.message, understood.understanding, understood.context);
  const who =
    line.attribution.by === 'proposed'
      ? `（落款为${line.attribution.unit}，待确认）`
      : line.attribution.by === 'ambiguous'
        ? `（落款「${line.attribution.signedAs}」对应多个单位：${line.attribution.candidates.join('、')}）`
        : line.unit
          ? `（${line.unit}）`
          : '';
  const head = `${basename(file)}：${line.consultation ?? '（未确定征求意见）'} · ${line.from ?? '（无发件人）'}${who}${line.late ? ' · 逾期' : ''}`;
  const body =
    line.outcome === 'comments'
      ? `  ${line.comments.length} 条意见：${line.comments.map((c) => c.paragraph?.label ?? '全文').join('、')}`
      : `  ${OUTCOME_TEXT[line.outcome] ?? line.outcome}${line.reason ? `：${line.reason}` : ''}`;
  return `${head}\n${body}${extra}`;
}

async function main({ values, positionals }: ParsedArgs<typeof COMMAND.options>): Promise<number> {
  if (positionals.length === 0) throw new UsageError(COMMAND.usage);
  const config = parseConfig(process.env);
  const files = readFiles(positionals, config.mail.maxBytes);

  const { db } = openMigratedDatabase(config.dataDir);
  try {
    let forcedConsultationId: number | null = null;
    if (values.consultation) {
      const consultation = await findConsultationBySlug(db, values.consultation);
      if (!consultation) throw new UsageError(`找不到征求意见：${values.consultation}。请核对 --consultation 的写法（页面地址 /consultations/ 之后的部分）。`);
      if (consultation.state !== 'published') throw new UsageError(`征求意见 ${values.consultation} 尚未发布，不能导入意见。`);
      forcedConsultationId = consultation.id;
    }
    const deps: MailDeps = { db, clock: systemClock, mailDomain: config.mailDomain, publicBaseUrl: config.publicBaseUrl };
    const out = (line: string) => process.stdout.write(`${line}\n`);

    for (const { file, raw } of files) {
      if (values['dry-run']) {
        const understood = await understandRaw(deps, { raw, door: 'file', envelopeTo: [], receivedAt: deps.clock(), forcedConsultationId });
        out(values.json ? JSON.stringify(toImportLine(understood.message, understood.understanding, understood.context)) : describe(file, understood, ''));
        continue;
      }
      const accepted = await acceptInbound(deps, { door: 'file', raw, envelopeFrom: null, envelopeTo: [] });
      const result = await processInbound(deps, accepted.id, { forcedConsultationId });
      // A message imported before is not filed twice; its line still says what it contains.
      const understood =
        result.understood ??
        (await understandRaw(deps, { raw, door: 'file', envelopeTo: [], receivedAt: deps.clock(), forcedConsultationId }));
      if (values.json) {
        out(JSON.stringify(toImportLine(understood.message, understood.understanding, understood.context)));
      } else {
        const extra = accepted.duplicate
          ? `\n  已导入过（邮件 ${accepted.id}），未重复登记`
          : result.trackingNumbers.length
            ? `\n  查询编号：${result.trackingNumbers.join('、')}`
            : result.state === 'needs_attention' && result.reason
              ? `\n  已保存（邮件 ${accepted.id}），待人工处理：${reasonText(result.reason, translator('zh-CN'))}`
              : '';
        out(describe(file, understood, extra));
      }
    }
    if (values['dry-run'] && !values.json) out('（试运行：没有保存任何内容）');
  } finally {
    await db.close();
  }
  return 0;
}

runCommand(COMMAND, main);
