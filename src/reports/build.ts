// The feedback report (意见采纳情况), compiled from the data and never typed: an overview of the
// consultation and the table the office files. Pure: it reads rows it is given and imports
// neither the database nor Hono, so every format and the results page share one set of rules.
//
// Policies, decided here once for every format:
// - Spam is left out of every count and every table (the overview says how many were left out);
//   so is what an officer marked as not an opinion (「不是意见」: a receipt, a signature, a
//   salutation), counted apart the same way.
// - Units: 意见提出方 is the unit's name for a unit's comment, never masked. Where a unit stands
//   (replied with comments / 无意见 / silent) is src/lib/unit-standing.ts, as on the board.
// - Hidden comments stay in the office's report, each marked 「未公开」 with the moderator's
//   reason: hiding is about publication, not about whether the comment counts. Pending ones
//   (not yet moderated) count as well and are marked 「待审核」. Only the public results page
//   limits itself to published comments.
// - Masking: every format masks, the internal report included. A filed report travels (to the
//   leadership, into attachments, onto the public results page), while the unmasked originals
//   stay in the review queue. Private commenters appear as 「公众（张*）」; typed phone numbers,
//   ID card numbers and email addresses in a body are masked by maskPersonalData.
// - Near-duplicates (comments.duplicate_group_id): every comment counts in the overview. With
//   `collapseDuplicates` (on for the tables people read: XLSX, DOCX, HTML), a group is listed
//   once, at its first member in report order, with 「等，同类意见共N条」; members whose decision
//   or reason differs from the group's are listed on their own, so no decision is hidden. JSON
//   and CSV list every comment: they are the complete record.
import type { CommentChannel, CommentStatus, Decision, OfflineKind, RosterRole, UnitResponse } from '../lib/vocabulary.ts';
import { Clauses, type ReferenceNode } from '../drafts/reference.ts';
import { type Locale, type Translate, translator } from '../lib/i18n.ts';
import { maskName, maskPersonalData } from '../lib/mask.ts';
import { unitStanding } from '../lib/unit-standing.ts';

export type Grouping = 'none' | 'paragraph' | 'unit';
export const DECISIONS: readonly Decision[] = ['adopted', 'partly_adopted', 'not_adopted', 'explained'];
export type DecisionKey = Decision | 'undecided';
export type ChannelKey = 'web' | 'email' | OfflineKind;
export const CHANNEL_KEYS: readonly ChannelKey[] = ['web', 'email', 'letter', 'phone', 'meeting', 'other'];

export interface ReportConsultation {
  id: number;
  slug: string;
  title: string;
  issuer: string | null;
  opens_at: string | null;
  closes_at: string | null;
  closed_early_at: string | null;
  extension_reason: string | null;
}

export interface ReportBlock extends ReferenceNode {
  id: number;
  key: string;
  parent_id: number | null;
}

export interface ReportRosterEntry {
  unitId: number;
  name: string;
  role: RosterRole;
  response: UnitResponse;
}

/** One comment as the report reads it: the comment's columns and its unit's name. */
export interface ReportCommentRow {
  id: number;
  tracking_number: string;
  block_id: number | null;
  channel: CommentChannel;
  offline_kind: OfflineKind | null;
  body: string;
  author_name: string | null;
  organization: string | null;
  unit_id: number | null;
  status: CommentStatus;
  status_reason: string | null;
  /** 1 when it arrived after the deadline (SQLite has no booleans). */
  late: number;
  received_at: string;
  duplicate_group_id: number | null;
  decision: Decision | null;
  decision_reason: string | null;
  unit_name: string | null;
  /** 1 when an officer marked it as not an opinion. */
  not_opinion: number;
}

/**
 * What the overview counts of a comment: no text. The overview pass reads these, so that it reads
 * the comments' index rather than their bodies (data.ts).
 */
export type ReportOverviewRow = Pick<
  ReportCommentRow,
  'id' | 'block_id' | 'channel' | 'offline_kind' | 'unit_id' | 'unit_name' | 'status' | 'late' | 'duplicate_group_id' | 'decision' | 'decision_reason' | 'not_opinion'
>;

export interface ParagraphRef {
  /** The block's public id (its key, as in the page's #anchor and the API). */
  id: string;
  label: string;
  number: number | null;
}

export interface ReportOverview {
  consultation: { slug: string; title: string; issuer: string | null };
  window: { opensAt: string | null; closesAt: string | null; closedEarlyAt: string | null; extensionReason: string | null };
  generatedAt: string;
  grouping: Grouping;
  totals: { comments: number; onTime: number; late: number; published: number; pending: number; hidden: number; spamExcluded: number; notOpinionExcluded: number };
  byChannel: Record<ChannelKey, number>;
  fromPublic: number;
  fromUnits: number;
  units: { asked: number; replied: number; noComments: number; notReplied: number };
  byUnit: { name: string; role: RosterRole | null; status: UnitResponse; comments: number }[];
  /** Paragraphs that received comments, in document order; the whole draft (paragraph null) first. */
  byParagraph: { paragraph: ParagraphRef | null; caption: string; comments: number }[];
  decisions: Record<DecisionKey, number>;
  duplicates: { groups: number; comments: number };
  /** Rows the table will have: fewer than the comments when duplicates are collapsed. */
  tableRows: number;
}

export interface ReportRow {
  /** 序号: 1, 2, 3 … in table order, continuous across groups. */
  index: number;
  commentId: number;
  trackingNumber: string;
  paragraph: ParagraphRef | null;
  /** 条款: 「第4项 深入推进城镇污水…」, or 「全文」. */
  clause: string;
  channel: CommentChannel;
  channelKey: ChannelKey;
  channelLabel: string;
  /** 意见提出方: the unit, the organisation, or 「公众（张*）」 / 「公众」. */
  submitter: string;
  /** The organisation or the masked name; null when anonymous or sent by a unit alone. */
  author: string | null;
  unit: string | null;
  late: boolean;
  /** 意见内容, personal data masked. */
  body: string;
  status: CommentStatus;
  statusLabel: string;
  decision: Decision | null;
  /** 处理情况: 采纳 / 部分采纳 / 不采纳 / 已解释说明 / 未处理. */
  decisionLabel: string;
  /** 理由, masked like the body (a reason may quote the comment). */
  reason: string | null;
  receivedAt: string;
  /** How many comments this row stands for: above 1 for a collapsed group of near-duplicates. */
  count: number;
  /** 逾期提交, 未公开：…, 待审核 — shown beside the body in the tables. */
  notes: string[];
}

export type ReportItem = { type: 'group'; title: string; count: number } | { type: 'row'; row: ReportRow };

export interface ReportInput {
  consultation: ReportConsultation;
  /** In document order. */
  blocks: ReportBlock[];
  roster: ReportRosterEntry[];
  /**
   * Every comment of the consultation (spam too: it is counted as left out), in report order.
   * Iterated twice — once for the overview, once for the table — so it must start afresh on each
   * iteration, as data.ts's keyset reader does; nothing here holds more than one row at a time.
   */
  comments: AsyncIterable<ReportCommentRow>;
  /**
   * The same comments in the same order with only what the overview counts, for its pass; when
   * absent the overview reads `comments`. (`decision_reason` is needed only for near-duplicates,
   * `offline_kind` only for offline comments.)
   */
  overview?: AsyncIterable<ReportOverviewRow>;
  locale: Locale;
  now: Date;
  grouping?: Grouping;
  collapseDuplicates?: boolean;
}

export interface Report {
  overview: ReportOverview;
  /** `units` of the JSON: every unit on the roster or that sent comments, with where it stands. */
  units: { name: string; status: UnitResponse }[];
  locale: Locale;
  t: Translate;
  /** The table, streamed: group headings (when grouped) and rows. Can be iterated more than once. */
  items(): AsyncIterable<ReportItem>;
  rows(): AsyncIterable<ReportRow>;
}

export function channelKey(row: Pick<ReportCommentRow, 'channel' | 'offline_kind'>): ChannelKey {
  return row.channel === 'offline' ? (row.offline_kind ?? 'other') : row.channel;
}

export function decisionLabel(t: Translate, decision: Decision | null): string {
  return t(`reports.decision.${decision ?? 'undecided'}`);
}

/** How one block is named in the report: its legal name (src/drafts/reference.ts) and its caption with the whole title. */
export class ParagraphNames {
  private readonly byId = new Map<number, ReportBlock>();
  private readonly refs = new Map<number, ParagraphRef>();
  private readonly clauses: Clauses;
  readonly positions = new Map<number, number>();

  constructor(
    blocks: ReportBlock[],
    locale: Locale,
    private readonly t: Translate,
  ) {
    this.clauses = new Clauses(blocks, locale);
    blocks.forEach((block, position) => {
      this.byId.set(block.id, block);
      this.positions.set(block.id, position);
    });
  }

  ref(blockId: number | null): ParagraphRef | null {
    if (blockId === null) return null;
    let ref = this.refs.get(blockId);
    if (!ref) {
      const block = this.byId.get(blockId);
      if (!block) return null;
      ref = { id: block.key, label: this.clauses.label(blockId)!, number: block.number };
      this.refs.set(blockId, ref);
    }
    return ref;
  }

  /** 「第九条第（六）项 法律、行政法规规定的其他行政处罚」, or 「全文」 for the whole draft (or a block that is gone). */
  caption(blockId: number | null): string {
    return this.clauses.caption(blockId) ?? this.t('reports.general');
  }
}

/**
 * A name that is an organisation's, not a person's: 宜兴市财政局, 市发展和改革委员会办公室. Mail
 * from a unit's address nobody has recorded yet carries the unit's name as its display name; it is
 * not personal data, and masked (「市**********」) it says nothing.
 */
const ORGANISATION_SUFFIX = /(人民政府|政府|委员会|委員會|办公室|辦公室|办公厅|辦公廳|管委会|中心|公司|集团|集團|协会|協會|学会|商会|街道办事处|街道|村委会|居委会|社区|分局|大队|支队|局|委|办|辦|厅|廳)$/;
/** Shorter suffixes that a four-character name does not end in: 市检察院, 市委宣传部, 市政务服务管理办公室的科. */
const ORGANISATION_SUFFIX_LONG = /(院|部|处|處|所|站|馆|館|科)$/;
const ORGANISATION_NAME_EN = /\b(bureau|office|department|ministry|commission|committee|council|association|agency|government|company|ltd\.?|inc\.?)$/i;

export function looksLikeOrganisation(name: string): boolean {
  const trimmed = name.trim();
  const length = [...trimmed].length;
  return (length >= 3 && ORGANISATION_SUFFIX.test(trimmed)) || (length >= 4 && ORGANISATION_SUFFIX_LONG.test(trimmed)) || ORGANISATION_NAME_EN.test(trimmed);
}

/** Who made a comment, as the report shows it: a unit by its name, never a private person's full name. */
export function describeSubmitter(row: Pick<ReportCommentRow, 'unit_name' | 'organization' | 'author_name'>, t: Translate): { submitter: string; author: string | null; unit: string | null } {
  const name = row.author_name?.trim() || null;
  const organization = row.organization?.trim() || (name && looksLikeOrganisation(name) ? name : null);
  const masked = name && name !== organization ? maskName(name) : null;
  const author = organization ?? masked;
  if (row.unit_name) return { submitter: row.unit_name, author, unit: row.unit_name };
  if (organization) return { submitter: organization, author, unit: null };
  return { submitter: masked ? t('reports.publicNamed', { name: masked }) : t('reports.public'), author, unit: null };
}

const counted = (row: ReportOverviewRow) => row.status !== 'spam' && !row.not_opinion;
const decisionKeyOf = (row: ReportOverviewRow) => `${row.decision ?? ''}\u0000${(row.decision_reason ?? '').trim()}`;

interface GroupMember {
  firstId: number;
  count: number;
}

function emptyOverview(input: ReportInput, grouping: Grouping): ReportOverview {
  const c = input.consultation;
  return {
    consultation: { slug: c.slug, title: c.title, issuer: c.issuer },
    window: { opensAt: c.opens_at, closesAt: c.closes_at, closedEarlyAt: c.closed_early_at, extensionReason: c.extension_reason },
    generatedAt: input.now.toISOString(),
    grouping,
    totals: { comments: 0, onTime: 0, late: 0, published: 0, pending: 0, hidden: 0, spamExcluded: 0, notOpinionExcluded: 0 },
    byChannel: { web: 0, email: 0, letter: 0, phone: 0, meeting: 0, other: 0 },
    fromPublic: 0,
    fromUnits: 0,
    units: { asked: 0, replied: 0, noComments: 0, notReplied: 0 },
    byUnit: [],
    byParagraph: [],
    decisions: { adopted: 0, partly_adopted: 0, not_adopted: 0, explained: 0, undecided: 0 },
    duplicates: { groups: 0, comments: 0 },
    tableRows: 0,
  };
}

/**
 * Reads the comments once for the overview, and returns the report whose table reads them
 * again, row by row. Memory is bounded by the number of blocks, units and near-duplicate
 * groups, not by the number of comments.
 */
export async function buildReport(input: ReportInput): Promise<Report> {
  const grouping = input.grouping ?? 'none';
  const collapse = input.collapseDuplicates ?? false;
  const { locale } = input;
  const t = translator(locale);
  const names = new ParagraphNames(input.blocks, locale, t);
  const overview = emptyOverview(input, grouping);

  const perBlock = new Map<number | null, number>();
  const perUnit = new Map<number, { name: string; comments: number }>();
  const notOpinionsPerUnit = new Map<number, number>();
  const groups = new Map<number, Map<string, GroupMember>>();
  const groupSizes = new Map<number, number>();

  for await (const row of input.overview ?? input.comments) {
    if (row.status === 'spam') {
      overview.totals.spamExcluded++;
      continue;
    }
    if (row.not_opinion) {
      overview.totals.notOpinionExcluded++;
      if (row.unit_id !== null) notOpinionsPerUnit.set(row.unit_id, (notOpinionsPerUnit.get(row.unit_id) ?? 0) + 1);
      continue;
    }
    const totals = overview.totals;
    totals.comments++;
    if (row.late) totals.late++;
    else totals.onTime++;
    if (row.status === 'published') totals.published++;
    else if (row.status === 'pending') totals.pending++;
    else if (row.status === 'hidden') totals.hidden++;
    overview.byChannel[channelKey(row)]++;
    overview.decisions[row.decision ?? 'undecided']++;
    perBlock.set(row.block_id, (perBlock.get(row.block_id) ?? 0) + 1);
    if (row.unit_id !== null) {
      overview.fromUnits++;
      const unit = perUnit.get(row.unit_id) ?? { name: row.unit_name ?? String(row.unit_id), comments: 0 };
      unit.comments++;
      perUnit.set(row.unit_id, unit);
    } else {
      overview.fromPublic++;
    }
    if (row.duplicate_group_id !== null) {
      groupSizes.set(row.duplicate_group_id, (groupSizes.get(row.duplicate_group_id) ?? 0) + 1);
      if (collapse) {
        let members = groups.get(row.duplicate_group_id);
        if (!members) groups.set(row.duplicate_group_id, (members = new Map()));
        const key = decisionKeyOf(row);
        const member = members.get(key);
        if (member) member.count++;
        else members.set(key, { firstId: row.id, count: 1 });
      }
    }
  }

  for (const size of groupSizes.values()) {
    if (size < 2) continue;
    overview.duplicates.groups++;
    overview.duplicates.comments += size;
  }
  overview.tableRows = overview.totals.comments;
  if (collapse) for (const members of groups.values()) for (const m of members.values()) overview.tableRows -= m.count - 1;

  const general = perBlock.get(null);
  if (general) overview.byParagraph.push({ paragraph: null, caption: names.caption(null), comments: general });
  for (const block of input.blocks) {
    const n = perBlock.get(block.id);
    if (n) overview.byParagraph.push({ paragraph: names.ref(block.id), caption: names.caption(block.id), comments: n });
  }

  const rosterIds = new Set<number>();
  for (const entry of input.roster) {
    rosterIds.add(entry.unitId);
    const comments = perUnit.get(entry.unitId)?.comments ?? 0;
    const status = unitStanding(entry.response, comments, notOpinionsPerUnit.get(entry.unitId) ?? 0);
    overview.byUnit.push({ name: entry.name, role: entry.role, status, comments });
    overview.units.asked++;
    if (status === 'comments') overview.units.replied++;
    else if (status === 'no_comments') overview.units.noComments++;
    else overview.units.notReplied++;
  }
  const outside = [...perUnit.entries()].filter(([id]) => !rosterIds.has(id)).sort((a, b) => a[1].name.localeCompare(b[1].name, 'zh-CN'));
  for (const [, unit] of outside) overview.byUnit.push({ name: unit.name, role: null, status: 'comments', comments: unit.comments });

  const paragraphCounts = new Map(overview.byParagraph.map((p) => [p.paragraph?.id ?? null, p.comments]));
  const unitCounts = new Map(overview.byUnit.map((u) => [u.name, u.comments]));

  async function* items(): AsyncIterable<ReportItem> {
    let index = 0;
    let currentGroup: string | undefined;
    for await (const row of input.comments) {
      if (!counted(row)) continue;
      let count = 1;
      if (collapse && row.duplicate_group_id !== null) {
        const member = groups.get(row.duplicate_group_id)?.get(decisionKeyOf(row));
        if (member && member.firstId !== row.id) continue;
        count = member?.count ?? 1;
      }
      if (grouping !== 'none') {
        const paragraph = names.ref(row.block_id);
        const key = grouping === 'paragraph' ? `p:${paragraph?.id ?? ''}` : `u:${row.unit_id ?? ''}`;
        if (key !== currentGroup) {
          currentGroup = key;
          if (grouping === 'paragraph') {
            yield { type: 'group', title: names.caption(row.block_id), count: paragraphCounts.get(paragraph?.id ?? null) ?? 0 };
          } else {
            const title = row.unit_name ?? t('reports.publicGroup');
            yield { type: 'group', title, count: row.unit_name ? (unitCounts.get(row.unit_name) ?? 0) : overview.fromPublic };
          }
        }
      }
      yield { type: 'row', row: toRow(row, ++index, count) };
    }
  }

  function toRow(row: ReportCommentRow, index: number, count: number): ReportRow {
    const who = describeSubmitter(row, t);
    const key = channelKey(row);
    const notes: string[] = [];
    if (row.late) notes.push(t('reports.note.late'));
    if (row.status === 'hidden') notes.push(t('reports.note.hidden', { reason: row.status_reason ?? '' }));
    if (row.status === 'pending') notes.push(t('reports.note.pending'));
    const reason = row.decision_reason?.trim() ? maskPersonalData(row.decision_reason.trim()) : null;
    return {
      index,
      commentId: row.id,
      trackingNumber: row.tracking_number,
      paragraph: names.ref(row.block_id),
      clause: names.caption(row.block_id),
      channel: row.channel,
      channelKey: key,
      channelLabel: t(`reports.channel.${key}`),
      submitter: count > 1 ? `${who.submitter}${t('reports.duplicates', { count })}` : who.submitter,
      author: who.author,
      unit: who.unit,
      late: row.late === 1,
      body: maskPersonalData(row.body),
      status: row.status,
      statusLabel: t(`status.${row.status}`),
      decision: row.decision,
      decisionLabel: decisionLabel(t, row.decision),
      reason,
      receivedAt: row.received_at,
      count,
      notes,
    };
  }

  async function* rows(): AsyncIterable<ReportRow> {
    for await (const item of items()) if (item.type === 'row') yield item.row;
  }

  return {
    overview,
    units: overview.byUnit.map((u) => ({ name: u.name, status: u.status })),
    locale,
    t,
    items,
    rows,
  };
}

/**
 * The results statement as the office would draft it, from the report's figures; the officer
 * edits it before publishing.
 */
export function draftResultsStatement(overview: { totals: { comments: number }; decisions: Record<DecisionKey, number> }, locale: Locale): string {
  const t = translator(locale);
  const total = overview.totals.comments;
  if (total === 0) return t('reports.statement.none');
  const d = overview.decisions;
  const statement = t('reports.statement.counts', {
    total,
    adopted: d.adopted,
    partly: d.partly_adopted,
    notAdopted: d.not_adopted,
    explained: d.explained,
  });
  return d.undecided > 0 ? `${statement}${t('reports.statement.undecided', { count: d.undecided })}` : statement;
}
