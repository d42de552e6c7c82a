// What a message says, in yijian's terms: which consultation, which unit, which paragraphs, on
// time or late — or why it is set aside. Pure: the caller builds IntakeContext from the database
// and stores the Understanding; nothing here throws on bad input, every failure is an outcome.
import { blockReference } from '../drafts/reference.ts';
import { searchKey } from '../lib/chinese.ts';
import type { Locale } from '../lib/time.ts';
import { isNoObjection, noObjectionKind, unitNamesIn } from './non-opinions.ts';
import { cutPoints, type Point } from './points.ts';
import { type BlockIndex, findReferences, fold, indexBlocks, referencedBlock, startsWithReference } from './references.ts';
import { judgeSpam } from './spam.ts';
import type {
  IntakeBlock,
  IntakeConsultation,
  IntakeContext,
  IntakeUnit,
  NonOpinion,
  NonOpinionKind,
  ReadMessage,
  TextSource,
  Understanding,
  UnderstoodComment,
} from './types.ts';

// ---------------------------------------------------------------------------------------------
// Which consultation

// 征求意见稿 / 意见征求稿 / 送审稿 / 草案 / 讨论稿: the stage of a draft, not part of its name.
const STAGE = /(征求意见稿|意见征求稿|征求意见|送审稿|草案|讨论稿|修订稿|修改稿|初稿|代拟稿)/g;

const titleKeys = new Map<string, string>();

function titleKey(title: string): string {
  let key = titleKeys.get(title);
  if (key === undefined) {
    key = searchKey(title).replace(STAGE, '');
    if (titleKeys.size > 1000) titleKeys.clear();
    titleKeys.set(title, key);
  }
  return key;
}

/** A place a title may be named in (subject, file name, body), folded once for every consultation. */
interface Place {
  key: string;
  /** The documents it names in 《…》. */
  named: string[];
}

function place(text: string): Place {
  return {
    key: searchKey(text).replace(STAGE, ''),
    named: [...fold(text).matchAll(/《([^《》]{2,120})》/g)].map((match) => searchKey(match[1]!).replace(STAGE, '')),
  };
}

function titleMatches(where: Place, consultation: IntakeConsultation): boolean {
  const key = titleKey(consultation.title);
  if (key.length < 4) return false;
  // 《…》 anywhere: the name of a document; compare it whole.
  for (const named of where.named) {
    if (named.length >= 4 && (named === key || (named.length >= 8 && (named.includes(key) || key.includes(named))))) return true;
  }
  return where.key.includes(key);
}

export function findConsultation(
  message: ReadMessage,
  context: IntakeContext,
): { consultation: IntakeConsultation | null; how: 'forced' | 'address' | 'title' | null } {
  const { consultations } = context;
  if (context.forcedConsultationId !== null) {
    const forced = consultations.find((c) => c.id === context.forcedConsultationId) ?? null;
    return { consultation: forced, how: forced ? 'forced' : null };
  }
  const recipients = new Set(
    [...context.recipients, ...message.to, ...message.cc].map((address) => address.trim().toLowerCase()),
  );
  const byAddress = consultations.filter((c) => c.addresses.some((address) => recipients.has(address.trim().toLowerCase())));
  // One address shared by several consultations (the office's own mailbox): the title decides.
  if (byAddress.length === 1) return { consultation: byAddress[0]!, how: 'address' };

  const candidates = byAddress.length > 1 ? byAddress : consultations;
  const places = [
    message.subject,
    ...message.attachments.map((attachment) => attachment.filename ?? ''),
    message.text.slice(0, 2000),
  ];
  for (const text of places) {
    if (!text) continue;
    const where = place(text);
    const matching = candidates.filter((c) => titleMatches(where, c));
    if (matching.length >= 1) {
      // The longest title is the most specific when one title contains another.
      matching.sort((a, b) => titleKey(b.title).length - titleKey(a.title).length);
      return { consultation: matching[0]!, how: 'title' };
    }
  }
  if (byAddress.length > 1) return { consultation: byAddress[0]!, how: 'address' };
  return { consultation: null, how: null };
}

// ---------------------------------------------------------------------------------------------
// Which unit

export function findUnit(message: ReadMessage, context: IntakeContext, consultation: IntakeConsultation | null): IntakeUnit | null {
  const address = message.from?.address.trim().toLowerCase();
  if (!address) return null;
  const matching = context.units.filter((unit) => unit.addresses.some((a) => a.trim().toLowerCase() === address));
  if (matching.length <= 1) return matching[0] ?? null;
  // One address on several units: the one on this consultation's roster.
  return matching.find((unit) => consultation?.rosterUnitIds.includes(unit.id)) ?? matching[0]!;
}

/**
 * A unit an unknown sender signs as (「区农业农村水利局 张伟」 from a personal 163 address): a hint
 * for the officer, who may add the address to the unit. Only the display name and the last lines
 * are looked at, where a signature is, so that a unit named inside a comment is not taken.
 */
export function signedUnit(message: ReadMessage, context: IntakeContext): { id: number; name: string } | null {
  const tails = [message.text, ...message.attachments.map((attachment) => attachment.text ?? '')].map((text) =>
    text
      .split('\n')
      .filter((line) => line.trim())
      .slice(-3)
      // A signature line is short and is not a sentence.
      .filter((line) => line.length <= 30 && !/[，。；,;]/.test(line))
      .join('\n'),
  );
  const places = searchKey([message.from?.name ?? '', ...tails].join('\n'));
  const matching = context.units.filter((unit) => {
    const key = searchKey(unit.name);
    return key.length >= 3 && places.includes(key);
  });
  // 「区住建局办公室」 matches 区住建局 only; if two units' names both appear, say nothing.
  return matching.length === 1 ? { id: matching[0]!.id, name: matching[0]!.name } : null;
}

// ---------------------------------------------------------------------------------------------
// When it was sent

// A Received header is trustworthy when it parses, is not later than our own receipt (with five
// minutes for clock skew), is not more than a day before the message's own Date (a relay with
// its clock years behind), and is not before 2000. The earliest such header is the first relay's
// stamp: the best evidence of when the sender let go of the message. The Date header is the
// sender's own clock and comes second. Dates in quoted history never reach here: they are in the
// body, and only headers are read.
const SKEW = 5 * 60 * 1000;
const DAY = 24 * 60 * 60 * 1000;
const EPOCH = Date.UTC(2000, 0, 1);

export function sendingTime(message: ReadMessage, context: IntakeContext): Date {
  if (context.timing === 'live') return context.receivedAt;
  const ceiling = context.receivedAt.getTime() + SKEW;
  const date = message.date && message.date.getTime() <= ceiling && message.date.getTime() >= EPOCH ? message.date : null;
  const trusted = message.received.filter((received) => {
    const t = received.getTime();
    if (Number.isNaN(t) || t > ceiling || t < EPOCH) return false;
    return !date || t >= date.getTime() - DAY;
  });
  if (trusted.length > 0) return new Date(Math.min(...trusted.map((d) => d.getTime())));
  return date ?? context.receivedAt;
}

// ---------------------------------------------------------------------------------------------
// Points that name several paragraphs

// 「对第3项无意见，但第5项…」「我局意见：一是关于第7项…；二是关于第8项…」: where a clause may start.
const CONNECTOR = /^\s*(但是|但|不过|另外|此外|同时|另|而|建议|其他|其它|其余|除此之外|除此以外|除上述|[一二三四五六七八九十]是|(对于?|关于|针对)?\s*第\s*[\d一二三四五六七八九十百]+\s*[条项点款])/;

function clauses(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    const hard = '。；;！!？?\n'.includes(ch);
    const soft = '，,：:'.includes(ch) && CONNECTOR.test(text.slice(i + 1, i + 8));
    if (hard || soft) {
      parts.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) parts.push(text.slice(start));
  return parts.filter((part) => part.trim() !== '');
}

// 「我局意见：」「修改建议：」 before the first clause: says nothing by itself.
const CLAUSE_PREAMBLE = /^[^，。；]{0,12}(意见|建议)\s*[:：]$/;

interface Part {
  text: string;
  /** Set when the part is not an opinion: 无意见 on a paragraph, or an introduction. */
  aside?: NonOpinionKind;
}

/** Splits a point where a clause names a different block; clauses that only say 无意见 are set aside. */
function splitByReferences(point: Point, index: BlockIndex): Part[] {
  const judge = (text: string): Part => (isNoObjection(text) ? { text, aside: noObjectionKind(text) } : { text });
  const parts = clauses(point.text);
  // 「第5项建议删除，其他无意见。」「其他无意见，但建议…」: 无意见 clauses at either end of an opinion.
  const head: Part[] = [];
  const tail: Part[] = [];
  while (parts.length > 1 && isNoObjection(parts[0]!)) head.push(judge(parts.shift()!.trim()));
  while (parts.length > 1 && isNoObjection(parts[parts.length - 1]!)) tail.unshift(judge(parts.pop()!.trim()));
  if (head.length > 0 || tail.length > 0) {
    const rest = parts.join('').trim().replace(/[，,、]$/, '').replace(/^(但是|但|不过|而)\s*[，,]?/, '');
    return [...head, ...splitByReferences({ ...point, text: rest }, index), ...tail];
  }
  if (parts.length <= 1 || findReferences(point.text, index).length <= 1) return [judge(point.text)];
  const out: Part[] = [];
  let current = '';
  // undefined: nothing yet; null: text that names no block.
  let currentBlock: number | null | undefined;
  for (const part of parts) {
    const first = findReferences(part, index)[0];
    const opens = first !== undefined && first.at <= 8;
    if (opens && currentBlock !== undefined && first.block.id !== currentBlock && current.trim()) {
      const preamble = currentBlock === null && CLAUSE_PREAMBLE.test(current.trim());
      out.push(preamble ? { text: current.trim(), aside: 'receipt' } : judge(current.trim()));
      current = '';
      currentBlock = first.block.id;
    } else if (currentBlock === undefined || (currentBlock === null && first)) {
      currentBlock = first ? first.block.id : null;
    }
    current += part;
  }
  if (current.trim()) out.push(judge(current.trim()));
  // 「…；二是关于第8项…」: the connective and the sender's own 二是 are not part of the point.
  return out.map((part) => ({ ...part, text: part.text.replace(/^[，,；;\s]*(但是|但|不过|而)\s*[，,]?/, '').replace(/^[一二三四五六七八九十]{1,2}是[，,：:]?\s*/, '').trim() }));
}

// ---------------------------------------------------------------------------------------------
// Reading one source (the body, or one attachment)

interface SourceReading {
  comments: UnderstoodComment[];
  nonOpinions: NonOpinion[];
  pointsToAttachment: boolean;
}

const BARE_NUMBER = /^[(（]?\s*(\d{1,3}|[一二三四五六七八九十百]{1,4})\s*[)）]?$/;

/** The block a table row is about: its 条款 cell (a bare 「3」 is 第3条 or 第3项, as the draft numbers), else its text. */
function rowBlock(clause: string | null, text: string, index: BlockIndex) {
  if (clause) {
    const bare = BARE_NUMBER.exec(clause.trim());
    const named = bare ? `第${bare[1]}${index.articles.size > 0 ? '条' : '项'}` : clause;
    const found = referencedBlock(named, index);
    if (found) return found;
  }
  return referencedBlock(text, index);
}

function readSource(text: string, source: TextSource, index: BlockIndex): SourceReading {
  const cut = cutPoints(text, {
    startsWithReference: (line) => startsWithReference(line, index),
    hasReference: (line) => findReferences(line, index).length > 0,
  });
  const comments: UnderstoodComment[] = [];
  const asides = [...cut.asides];
  for (const point of cut.points) {
    const parts = point.row ? [{ text: point.text }] : splitByReferences(point, index);
    parts.forEach((part: Part, i) => {
      if (part.aside) {
        asides.push({ kind: part.aside, text: part.text.replace(/\s+/g, ' '), at: point.at + 0.1 + 0.0001 * i });
        return;
      }
      const found = point.row ? rowBlock(point.row.clause, part.text, index) : referencedBlock(part.text, index);
      const block = found && found.block.kind !== 'heading' ? found.block : null;
      comments.push({ blockId: block?.id ?? null, text: part.text.replace(/\t+/g, ' '), source });
    });
  }
  asides.sort((a, b) => a.at - b.at);
  return {
    comments,
    nonOpinions: asides.map((aside) => ({ kind: aside.kind, text: aside.text, source })),
    pointsToAttachment: cut.pointsToAttachment,
  };
}

/** Unit names in the From display name, then in the signature lines (and a form's 反馈单位). */
function signedUnitNames(message: ReadMessage, nonOpinions: NonOpinion[]): string[] {
  const names = [
    ...unitNamesIn(message.from?.name ?? ''),
    ...nonOpinions
      .filter((n) => n.kind === 'signature' || (n.kind === 'contact' && /(反馈|填报|报送|提出)单位/.test(n.text)))
      .flatMap((n) => unitNamesIn(n.text)),
  ];
  return [...new Set(names)];
}

// ---------------------------------------------------------------------------------------------
// The whole message

type Base = Pick<Understanding, 'consultationId' | 'unitId' | 'unitName' | 'unitHint' | 'sentAt' | 'late' | 'unitNames'>;

function result(
  base: Base,
  outcome: Understanding['outcome'],
  reason: string | null,
  reading: Pick<Understanding, 'comments' | 'noObjectionOnRest' | 'nonOpinions'> = { comments: [], noObjectionOnRest: false, nonOpinions: [] },
): Understanding {
  return { ...base, outcome, reason, ...reading };
}

export function understandMessage(message: ReadMessage, context: IntakeContext): Understanding {
  try {
    return understand(message, context);
  } catch (error) {
    // A bug here must not lose the message: it goes to an officer with the reason.
    return {
      consultationId: context.forcedConsultationId,
      outcome: 'needs-attention',
      reason: `自动识别出错：${error instanceof Error ? error.message : String(error)}`,
      unitId: null,
      unitName: null,
      unitHint: null,
      sentAt: context.receivedAt,
      late: false,
      comments: [],
      noObjectionOnRest: false,
      nonOpinions: [],
      unitNames: [],
    };
  }
}

function understand(message: ReadMessage, context: IntakeContext): Understanding {
  const { consultation } = findConsultation(message, context);
  const unit = findUnit(message, context, consultation);
  const sentAt = sendingTime(message, context);
  const closesAt = consultation?.closesAt ?? null;
  const unitHint = unit ? null : signedUnit(message, context);
  const late = closesAt !== null && sentAt.getTime() > closesAt.getTime();
  const failedBase: Base = { consultationId: consultation?.id ?? null, unitId: unit?.id ?? null, unitName: unit?.name ?? null, unitHint, sentAt, late, unitNames: unitNamesIn(message.from?.name ?? '') };

  if (message.failed) return result(failedBase, 'needs-attention', message.failed);

  const index = indexBlocks(consultation?.blocks ?? []);
  const sources: { text: string; source: TextSource }[] = [];
  if (message.text.trim()) sources.push({ text: message.text, source: { kind: 'body' } });
  message.attachments.forEach((attachment, i) => {
    if (attachment.disposition === 'feedback' && attachment.text?.trim()) {
      sources.push({ text: attachment.text, source: { kind: 'attachment', index: i } });
    }
  });

  const readings = sources.map((s) => readSource(s.text, s.source, index));
  // The same words in the body and in the attached file (some paste both) are one comment.
  const seen = new Set<string>();
  const comments = readings
    .flatMap((reading) => reading.comments)
    .filter((comment) => {
      const key = searchKey(comment.text);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const nonOpinions = readings.flatMap((reading) => reading.nonOpinions);
  const noObjections = nonOpinions.filter((n) => n.kind === 'no-objection' || n.kind === 'general-remark');
  const subjectSaysNone = comments.length === 0 && isNoObjection(message.subject.replace(/^(re|回复|答复|fw|fwd|转发)\s*[:：]\s*/gi, ''));
  const noComment = noObjections.length > 0 || subjectSaysNone;
  // 无意见 on the rest: said of the rest, or of the whole draft (naming no paragraph).
  const noObjectionOnRest = subjectSaysNone || noObjections.some((n) => n.kind === 'general-remark' || findReferences(n.text, index).length === 0);
  const base: Base = { ...failedBase, unitNames: signedUnitNames(message, nonOpinions) };
  const reading = { comments, noObjectionOnRest, nonOpinions };
  const pointsToAttachment = readings.some((reading) => reading.pointsToAttachment);
  const kept = message.attachments.filter((attachment) => attachment.disposition === 'kept' && !isInlineImage(attachment.contentType, attachment.filename));

  const everything = sources.map((s) => s.text).join('\n');
  const namesDraft =
    (consultation !== null && titleMatches(place(`${message.subject}\n${everything}`), consultation)) ||
    comments.some((comment) => comment.blockId !== null);
  // An officer's "not spam" overrules the signals.
  const spam = context.notSpam ? { spam: false, signals: [] as string[] } : judgeSpam({
    subject: message.subject,
    text: everything,
    fromAddress: message.from?.address ?? null,
    bulk: message.bulk === true,
    knownUnit: unit !== null,
    namesDraft,
    soundsLikeFeedback: noComment || /意见|建议|修改|删除|增加|补充|comment|suggest/i.test(everything),
  });
  if (spam.spam) {
    return result(base, 'spam', `疑似垃圾或无关邮件：${spam.signals.join('、')}`);
  }

  if (!consultation) {
    return result(base, 'unassigned', context.forcedConsultationId !== null
      ? `指定的征求意见（编号 ${context.forcedConsultationId}）不存在`
      : '无法确定是对哪一份征求意见稿的反馈：收件地址不对应任何征求意见，主题和正文中也没有找到文件名称');
  }

  if (comments.length > 0) return result(base, 'comments', null, reading);
  if (noComment) return result(base, 'no-comments', null, reading);

  const names = kept.map((attachment) => `「${attachment.filename ?? attachment.contentType}」`).join('、');
  if (kept.length > 0) {
    return result(base, 'needs-attention', `意见可能在附件${names}中，无法自动读取，请人工查看`, reading);
  }
  if (pointsToAttachment) return result(base, 'needs-attention', '正文说意见见附件，但邮件中没有可读取的附件', reading);
  const unreadable = message.warnings.length > 0 ? `（${message.warnings.join('；')}）` : '';
  if (message.quotedRemoved && !message.text.trim()) {
    return result(base, 'needs-attention', `正文只有引用或转发的邮件，没有发件人自己的意见，请人工查看${unreadable}`, reading);
  }
  return result(base, 'needs-attention', `邮件中没有找到意见内容${unreadable}`, reading);
}

function isInlineImage(contentType: string, filename: string | null): boolean {
  return contentType.startsWith('image/') && (!filename || /^(image\d*|img\d*|cid|_x000)/i.test(filename));
}

// ---------------------------------------------------------------------------------------------
// Saying what we understood

function blockName(block: IntakeBlock, blocks: Map<number, IntakeBlock>, locale: Locale): string {
  const parent = block.parentId !== undefined && block.parentId !== null ? (blocks.get(block.parentId) ?? null) : null;
  return blockReference(block, locale, parent);
}

/** 「2条意见：第7项、第38项」 / "2 comments: item 7, item 38" — for the acknowledgement. */
export function summarizeUnderstanding(u: Understanding, context: IntakeContext, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const consultation = context.consultations.find((c) => c.id === u.consultationId) ?? null;
  const blocks = new Map((consultation?.blocks ?? []).map((block) => [block.id, block]));
  const late = u.late ? (zh ? '（已过截止时间，作为逾期意见保留）' : ' (received after the deadline; kept and marked late)') : '';

  switch (u.outcome) {
    case 'comments': {
      const counts = new Map<string, number>();
      for (const comment of u.comments) {
        const block = comment.blockId !== null ? blocks.get(comment.blockId) : undefined;
        const name = block ? blockName(block, blocks, locale) : zh ? '总体意见' : 'general';
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
      // Named paragraphs first, in the order the sender took them; general remarks last.
      const general = zh ? '总体意见' : 'general';
      const ordered = [...counts].sort(([a], [b]) => Number(a === general) - Number(b === general));
      const parts = ordered.map(([name, count]) =>
        count > 1 ? (zh ? `${name}（${count}条）` : `${name} (${count})`) : name,
      );
      const n = u.comments.length;
      return zh
        ? `${n}条意见：${parts.join('、')}${late}`
        : `${n} comment${n === 1 ? '' : 's'}: ${parts.join(', ')}${late}`;
    }
    case 'no-comments':
      if (zh) return `已记录${u.unitName ? '贵单位' : '您'}无意见${late}`;
      return `Recorded that ${u.unitName ? 'your unit has' : 'you have'} no comments${late}`;
    case 'spam':
      return zh ? '邮件未被识别为意见反馈' : 'This message was not recognised as feedback';
    case 'unassigned':
      return zh
        ? '邮件已收到，工作人员将确定它所属的征求意见稿后处理'
        : 'Received; staff will match it to the right draft and process it';
    case 'needs-attention':
      return zh ? `邮件已收到，将由工作人员人工阅读处理${late}` : `Received; a member of staff will read it${late}`;
  }
}

// ---------------------------------------------------------------------------------------------
// The line `mail:import --json` prints

export interface ImportLine {
  messageId: string | null;
  consultation: string | null;
  from: string | null;
  unit: string | null;
  receivedAt: string;
  late: boolean;
  outcome: Understanding['outcome'];
  reason: string | null;
  comments: { paragraph: { id: string | number; label: string; number: number | null } | null; text: string }[];
}

/**
 * One JSON-able line per message. `receivedAt` is the instant lateness was judged by (for an
 * imported message, its earliest trustworthy Received header). A paragraph's `id` is the block's
 * key in the draft ('i4') when known, else its database id; `label` is how people name it (第4项).
 */
export function toImportLine(message: ReadMessage, u: Understanding, context: IntakeContext): ImportLine {
  const consultation = context.consultations.find((c) => c.id === u.consultationId) ?? null;
  const blocks = new Map((consultation?.blocks ?? []).map((block) => [block.id, block]));
  return {
    messageId: message.messageId,
    consultation: consultation?.slug ?? null,
    from: message.from?.address ?? null,
    unit: u.unitName,
    receivedAt: u.sentAt.toISOString(),
    late: u.late,
    outcome: u.outcome,
    reason: u.reason,
    comments: u.comments.map((comment) => {
      const block = comment.blockId !== null ? blocks.get(comment.blockId) : undefined;
      return {
        paragraph: block
          ? { id: block.key ?? block.id, label: blockName(block, blocks, 'zh-CN'), number: block.number }
          : null,
        text: comment.text,
      };
    }),
  };
}
