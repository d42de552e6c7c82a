// From stored rows to what the views show: windows in Beijing time, public comments masked.
import type { PublicCommentRow } from '../comments/store.ts';
import type { AppDatabase } from '../db/database.ts';
import type { Consultation } from '../db/schema.ts';
import type { Locale, Translate } from '../lib/i18n.ts';
import { maskPersonalData } from '../lib/mask.ts';
import { formatDate, formatDateTime } from '../lib/time.ts';
import { listLatestPublishedPerBlock, listPublishedComments, publicAuthorName } from '../comments/store.ts';
import type { KnownConsultation } from './consultation-cache.ts';
import { buildTree, consultationMeta, consultationReport, type TreeNode } from './store.ts';
import { consultationWindow } from './window.ts';
import { intakeAddress } from '../mail/addresses.ts';
import type { BlockView, ConsultationSummary, ConsultationView, PublicComment, WindowView } from '../../views/models.ts';

export const LATEST_PER_BLOCK = 3;

export function presentWindow(c: Consultation, now: Date, locale: Locale): WindowView {
  const window = consultationWindow(c);
  return {
    phase: window.phase(now),
    opens: window.opensAt ? formatDateTime(window.opensAt, locale) : null,
    closes: window.closesAt ? formatDateTime(window.closesAt, locale) : null,
    daysLeft: window.daysLeft(now),
    closedEarly: window.closedEarlyAt ? formatDateTime(window.closedEarlyAt, locale) : null,
    extensionReason: c.extension_reason,
    closedEarlyReason: window.closedEarlyAt ? c.closed_early_reason : null,
  };
}

export function presentSummary(c: Consultation, now: Date, locale: Locale): ConsultationSummary {
  return {
    slug: c.slug,
    title: c.title,
    issuer: c.issuer,
    window: presentWindow(c, now, locale),
    publishedCommentCount: c.published_comment_count,
  };
}

export function presentComment(row: PublicCommentRow, t: Translate, locale: Locale, blockLabel: string | null = null): PublicComment {
  return {
    body: maskPersonalData(row.body),
    author: publicAuthorName(row) ?? t('comment.anonymous'),
    organization: row.organization,
    publishedAt: row.published_at ? formatDate(row.published_at, locale) : '',
    blockLabel,
  };
}

/** The whole page's data; the consultation and its blocks come from memory, the comments from the database. */
export async function presentConsultation(
  db: AppDatabase,
  known: KnownConsultation,
  now: Date,
  locale: Locale,
  t: Translate,
  mailDomain?: string,
): Promise<ConsultationView> {
  const c = known.consultation;
  const blocks = [...known.blocksById.values()];
  const [latest, general] = await Promise.all([
    listLatestPublishedPerBlock(db, c.id, LATEST_PER_BLOCK),
    listPublishedComments(db, { consultationId: c.id, blockId: null, limit: 5, offset: 0 }),
  ]);
  const byBlock = new Map<number, PublicComment[]>();
  for (const row of latest) {
    const list = byBlock.get(row.block_id!) ?? [];
    list.push(presentComment(row, t, locale));
    byBlock.set(row.block_id!, list);
  }
  const toView = (node: TreeNode): BlockView => ({
    ...node,
    commentable: node.kind !== 'heading',
    commentCount: node.row.comment_count,
    latestComments: byBlock.get(node.row.id) ?? [],
    children: node.children.map(toView),
  });
  return {
    ...presentSummary(c, now, locale),
    meta: consultationMeta(c),
    report: consultationReport(c),
    body: buildTree(blocks).map(toView),
    moderation: c.moderation,
    requireName: c.require_name === 1,
    contactEmail: c.contact_email,
    intakeEmail: mailDomain ? intakeAddress(c, mailDomain) : null,
    contactPerson: c.contact_person,
    contactPhone: c.contact_phone,
    generalCommentCount: c.general_comment_count,
    generalComments: general.map((row) => presentComment(row, t, locale)),
    results: c.results_published_at && c.results_statement ? { statement: c.results_statement, publishedAt: formatDate(c.results_published_at, locale) } : null,
  };
}

