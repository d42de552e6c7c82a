// Rows of the review store as the review pages show them: times formatted in Beijing time, the
// public's version of a text masked, captions of paragraphs, excerpts, group summaries.
import type { Block, Comment } from '../db/schema.ts';
import { Clauses } from '../drafts/reference.ts';
import type { Locale } from '../lib/i18n.ts';
import { maskPersonalData } from '../lib/mask.ts';
import { formatDateTime } from '../lib/time.ts';
import type {
  BoardUnitView,
  DecidedView,
  DetailCommentView,
  MemberView,
  ParagraphOption,
  QueueRowView,
  QueueSection,
  SourceView,
  TimeView,
} from '../../views/review/models.ts';
import type { BoardUnit } from './board.ts';
import type { GroupMember, GroupSummary, QueueEntry, ReviewComment } from './store.ts';

const EXCERPT = 240;

export function excerpt(text: string): { text: string; cut: boolean } {
  const chars = [...text];
  return chars.length > EXCERPT ? { text: `${chars.slice(0, EXCERPT).join('')}…`, cut: true } : { text, cut: false };
}

export function timeView(iso: string, locale: Locale): TimeView {
  return { iso, text: formatDateTime(iso, locale) };
}

function sourceOf(comment: Pick<Comment, 'channel' | 'offline_kind'>): SourceView {
  return { channel: comment.channel, offlineKind: comment.offline_kind };
}

function decidedOf(comment: ReviewComment, locale: Locale): DecidedView | null {
  return comment.decided_at ? { by: comment.decided_by_email ?? '', at: formatDateTime(comment.decided_at, locale) } : null;
}

export function memberView(member: GroupMember): MemberView {
  return {
    id: member.id,
    trackingNumber: member.tracking_number,
    who: member.author_name ?? member.organization ?? member.unit_name ?? null,
    channel: member.channel,
    status: member.status,
    decision: member.decision,
  };
}

/** A consultation's paragraphs, looked up by id and key, with their captions. */
export class Paragraphs {
  readonly byId: Map<number, Block>;
  readonly byKey: Map<string, Block>;
  private readonly clauses = new Map<Locale, Clauses>();

  /**
   * `version`: the version these blocks belong to when the consultation has several (the queue
   * then shows that version's comments, and its links say so); null when it has one.
   */
  constructor(
    readonly blocks: Block[],
    readonly version: { id: number; number: number; isDefault: boolean } | null = null,
  ) {
    this.byId = new Map(blocks.map((b) => [b.id, b]));
    this.byKey = new Map(blocks.map((b) => [b.key, b]));
  }

  /** 「第4项 深入推进城镇污水垃圾处理」, 「第十四条第二款」 (src/drafts/reference.ts); null for the whole draft (or a block that is gone). */
  caption(blockId: number | null, locale: Locale): string | null {
    let clauses = this.clauses.get(locale);
    if (!clauses) this.clauses.set(locale, (clauses = new Clauses(this.blocks, locale)));
    return clauses.caption(blockId);
  }

  keyOf(blockId: number): string | null {
    return this.byId.get(blockId)?.key ?? null;
  }

  /** What a comment can be on, for pickers: every block but the headings. */
  options(locale: Locale): ParagraphOption[] {
    return this.blocks.filter((b) => b.kind !== 'heading').map((b) => ({ key: b.key, caption: this.caption(b.id, locale)! }));
  }
}

export interface GroupOfRow {
  summary: GroupSummary;
  members: GroupMember[];
  allHref: string;
  /** Show how many members match: when filtering leaves out some. */
  showMatched: boolean;
}

export function queueRowView(entry: QueueEntry, group: GroupOfRow | null, locale: Locale): QueueRowView {
  const c = entry.comment;
  const body = excerpt(c.body);
  return {
    id: c.id,
    trackingNumber: c.tracking_number,
    source: sourceOf(c),
    late: Boolean(c.late),
    excerpt: body.text,
    cut: body.cut,
    author: c.author_name,
    organization: c.organization,
    unit: c.unit_name,
    proposedUnit: c.proposed_unit_name,
    email: c.contact_email,
    phone: c.contact_phone,
    enteredBy: c.entered_by_email,
    received: timeView(c.received_at, locale),
    status: c.status,
    statusReason: c.status_reason,
    decision: c.decision,
    decisionReason: c.decision_reason,
    decided: decidedOf(c, locale),
    group: group
      ? {
          id: group.summary.groupId,
          size: group.summary.size,
          undecided: group.summary.undecided,
          matched: group.showMatched && entry.matched < group.summary.size ? entry.matched : null,
          members: group.members.map(memberView),
          allHref: group.allHref,
        }
      : null,
  };
}

/** Consecutive rows on the same paragraph, under its caption: the queue is in document order. */
export function queueSections(rows: { blockId: number | null; row: QueueRowView }[], paragraphs: Paragraphs, locale: Locale): QueueSection[] {
  const sections: QueueSection[] = [];
  let current: number | null | undefined;
  for (const { blockId, row } of rows) {
    if (blockId !== current || sections.length === 0) {
      current = blockId;
      sections.push({ caption: paragraphs.caption(blockId, locale), rows: [] });
    }
    sections[sections.length - 1]!.rows.push(row);
  }
  return sections;
}

export function detailCommentView(c: ReviewComment, caption: string | null, locale: Locale): DetailCommentView {
  const masked = maskPersonalData(c.body);
  return {
    id: c.id,
    trackingNumber: c.tracking_number,
    caption,
    source: sourceOf(c),
    inboundMessageId: c.inbound_message_id,
    author: c.author_name,
    organization: c.organization,
    unit: c.unit_name,
    proposedUnit: c.proposed_unit_name,
    email: c.contact_email,
    phone: c.contact_phone,
    received: timeView(c.received_at, locale),
    late: Boolean(c.late),
    enteredBy: c.entered_by_email,
    body: c.body,
    publicBody: masked === c.body ? null : masked,
    status: c.status,
    statusReason: c.status_reason,
    decision: c.decision,
    decisionReason: c.decision_reason,
    decided: decidedOf(c, locale),
    notOpinion: c.not_opinion_at ? { by: c.not_opinion_by_email, at: formatDateTime(c.not_opinion_at, locale), reason: c.not_opinion_reason } : null,
  };
}

export function boardUnitView(unit: BoardUnit, paragraphs: Paragraphs, queueHref: string, locale: Locale): BoardUnitView {
  return {
    name: unit.name,
    role: unit.role,
    status: unit.status,
    respondedAt: unit.respondedAt && unit.status !== 'none' ? timeView(unit.respondedAt, locale) : null,
    commentCount: unit.commentCount,
    queueHref,
    comments: unit.comments.map((c) => ({
      id: c.id,
      trackingNumber: c.tracking_number,
      caption: paragraphs.caption(c.block_id, locale),
      late: Boolean(c.late),
      excerpt: excerpt(c.body).text,
    })),
  };
}
