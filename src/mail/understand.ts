// What a message says, in yijian's terms: which consultation, which unit, which paragraphs, on
// time or late — or why it is set aside. Pure: the caller builds IntakeContext from the database
// and stores the Understanding; nothing here throws on bad input, every failure is an outcome.
import { searchKey } from '../lib/chinese.ts';
import { isNoObjection, noObjectionKind, unitNamesIn } from './non-opinions.ts';
import { cutPoints, type Point } from './points.ts';
import { type BlockIndex, findReferences, fold, indexBlocks, referencedBlock, startsWithReference } from './references.ts';
import { judgeSpam } from './spam.ts';
import { matchUnitName, pickUnitByNames } from './unit-names.ts';
import type {
  IntakeConsultation,
  IntakeContext,
  IntakeUnit,
  MailReason,
  NonOpinion,
  NonOpinionKind,
  ReadMessage,
  SpamSignal,
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

/**
 * The unit the sender's address belongs to (exact address, case-insensitive): one of the unit's
 * own addresses, else an address this consultation's invitation went to.
 */
export function findUnit(
  message: ReadMessage,
  context: IntakeContext,
  consultation: IntakeConsultation | null,
): { unit: IntakeUnit; by: 'address' | 'invitation' } | null {
  const address = message.from?.address.trim().toLowerCase();
  if (!address) return null;
  const matching = context.units.filter((unit) => unit.addresses.some((a) => a.trim().toLowerCase() === address));
  // One address on several units: the one on this consultation's roster.
  const own = matching.length <= 1 ? matching[0] : (matching.find((unit) => consultation?.rosterUnitIds.includes(unit.id)) ?? matching[0]!);
  if (own) return { unit: own, by: 'address' };
  const invited = consultation?.invitedAddresses?.find((entry) => entry.address.trim().toLowerCase() === address);
  const unit = invited ? context.units.find((u) => u.id === invited.unitId) : undefined;
  return unit ? { unit, by: 'invitation' } : null;
}

/**
 * For a sender whose address is no unit's: the unit its display name or signature names (a
 * department writing from a personal 163 address). Matched against the consultation's roster by
 * normalised name (src/mail/unit-names.ts); failing that, a known unit of exactly that name. A name
 * that fits two units proposes nothing and says so. Only the display name and the signature are
 * read (the understanding's unitNames), never a unit named inside a comment.
 */
export function proposeUnit(
  unitNames: string[],
  context: IntakeContext,
  consultation: IntakeConsultation | null,
  displayNames: string[],
): Pick<Understanding, 'proposedUnit' | 'unitAmbiguity'> {
  if (unitNames.length === 0) return { proposedUnit: null, unitAmbiguity: null };
  const roster = consultation ? context.units.filter((unit) => consultation.rosterUnitIds.includes(unit.id)) : [];
  let verdict = pickUnitByNames(unitNames, roster);
  if (verdict.kind === 'none') {
    // Off the roster, only the very same name: a unit the office knows that wrote unasked.
    const same = context.units.filter((unit) => unitNames.some((name) => matchUnitName(name, unit.name) === 'same'));
    if (same.length === 1) verdict = { kind: 'one', unit: same[0]!, as: unitNames.find((name) => matchUnitName(name, same[0]!.name) === 'same')!, match: 'same' };
    else if (same.length > 1) verdict = { kind: 'ambiguous', as: unitNames[0]!, candidates: same };
  }
  if (verdict.kind === 'ambiguous') {
    return { proposedUnit: null, unitAmbiguity: { name: verdict.as, candidates: verdict.candidates.map((u) => ({ id: u.id, name: u.name })) } };
  }
  if (verdict.kind === 'none') return { proposedUnit: null, unitAmbiguity: null };
  return {
    proposedUnit: {
      id: verdict.unit.id,
      name: verdict.unit.name,
      as: verdict.as,
      from: displayNames.includes(verdict.as) ? 'display-name' : 'signature',
      match: verdict.match,
    },
    unitAmbiguity: null,
  };
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

type Base = Pick<Understanding, 'consultationId' | 'unitId' | 'unitName' | 'unitBy' | 'proposedUnit' | 'unitAmbiguity' | 'sentAt' | 'late' | 'unitNames'>;

function result(
  base: Base,
  outcome: Understanding['outcome'],
  reason: MailReason | null,
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
      reason: { code: 'understanding-failed', params: { error: error instanceof Error ? error.message : String(error) } },
      unitId: null,
      unitName: null,
      unitBy: null,
      proposedUnit: null,
      unitAmbiguity: null,
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
  const found = findUnit(message, context, consultation);
  const unit = found?.unit ?? null;
  const sentAt = sendingTime(message, context);
  const closesAt = consultation?.closesAt ?? null;
  const late = closesAt !== null && sentAt.getTime() > closesAt.getTime();
  const displayNames = unitNamesIn(message.from?.name ?? '');
  const attribution = (names: string[]) => (unit ? { proposedUnit: null, unitAmbiguity: null } : proposeUnit(names, context, consultation, displayNames));
  const failedBase: Base = {
    consultationId: consultation?.id ?? null,
    unitId: unit?.id ?? null,
    unitName: unit?.name ?? null,
    unitBy: found?.by ?? null,
    ...attribution(displayNames),
    sentAt,
    late,
    unitNames: displayNames,
  };

  if (message.failed) return result(failedBase, 'needs-attention', { code: 'unreadable', params: { problem: message.failed } });

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
  const unitNames = signedUnitNames(message, nonOpinions);
  const base: Base = { ...failedBase, ...attribution(unitNames), unitNames };
  const reading = { comments, noObjectionOnRest, nonOpinions };
  const pointsToAttachment = readings.some((reading) => reading.pointsToAttachment);
  const kept = message.attachments.filter((attachment) => attachment.disposition === 'kept' && !isInlineImage(attachment.contentType, attachment.filename));

  const everything = sources.map((s) => s.text).join('\n');
  const namesDraft =
    (consultation !== null && titleMatches(place(`${message.subject}\n${everything}`), consultation)) ||
    comments.some((comment) => comment.blockId !== null);
  // An officer's "not spam" overrules the signals.
  const spam = context.notSpam ? { spam: false, signals: [] as SpamSignal[] } : judgeSpam({
    subject: message.subject,
    text: everything,
    fromAddress: message.from?.address ?? null,
    bulk: message.bulk === true,
    knownUnit: unit !== null,
    namesDraft,
    soundsLikeFeedback: noComment || /意见|建议|修改|删除|增加|补充|comment|suggest/i.test(everything),
  });
  if (spam.spam) {
    return result(base, 'spam', { code: 'spam', params: { signals: spam.signals } });
  }

  if (!consultation) {
    return result(
      base,
      'unassigned',
      context.forcedConsultationId !== null ? { code: 'forced-consultation-missing', params: { id: context.forcedConsultationId } } : { code: 'no-consultation' },
    );
  }

  if (comments.length > 0) return result(base, 'comments', null, reading);
  if (noComment) return result(base, 'no-comments', null, reading);

  if (kept.length > 0) {
    const names = kept.map((attachment) => attachment.filename ?? attachment.contentType);
    return result(base, 'needs-attention', { code: 'attachment-not-read', params: { names } }, reading);
  }
  if (pointsToAttachment) return result(base, 'needs-attention', { code: 'pointer-without-attachment' }, reading);
  if (message.quotedRemoved && !message.text.trim()) {
    return result(base, 'needs-attention', { code: 'only-quoted', params: { problems: message.warnings } }, reading);
  }
  return result(base, 'needs-attention', { code: 'no-opinion', params: { problems: message.warnings } }, reading);
}

function isInlineImage(contentType: string, filename: string | null): boolean {
  return contentType.startsWith('image/') && (!filename || /^(image\d*|img\d*|cid|_x000)/i.test(filename));
}
