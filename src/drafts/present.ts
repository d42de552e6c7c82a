// From stored rows to what the views show: windows in Beijing time, public comments masked.
import type { PublicCommentRow } from '../comments/store.ts';
import type { AppDatabase } from '../db/database.ts';
import type { Consultation } from '../db/schema.ts';
import type { Locale, Translate } from '../lib/i18n.ts';
import { maskPersonalData } from '../lib/mask.ts';
import { formatDate, formatDateTime } from '../lib/time.ts';
import { listLatestPublishedPerBlock, listPublishedComments, publicAuthorName } from '../comments/store.ts';
import type { KnownConsultation } from './consultation-cache.ts';
import type { DraftMeta } from './parse-types.ts';
import type { ReferenceNode } from './reference.ts';
import { buildTree, consultationMeta, nodeFields, type TreeNode } from './store.ts';
import { consultationWindow } from './window.ts';
import { intakeAddress } from '../mail/addresses.ts';
import type { PublicComment } from '../../views/comments/models.ts';
import type { BlockView, ConsultationSummary, ConsultationView, NoticeView, WindowView } from '../../views/drafts/models.ts';

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

/** How the page names a block beside its buttons: 「第4项」, 「第五条」, 「本段」. */
function readerReference(block: ReferenceNode, parent: ReferenceNode | null, t: Translate): string {
  if (block.kind === 'item' && parent?.kind === 'article') return `${parent.label ?? ''}${block.label ?? ''}`;
  if (block.kind === 'item') return block.number !== null ? t('block.item', { number: block.number }) : (block.title ?? '');
  if (block.kind === 'article') return block.label ?? '';
  if (block.label) return block.label;
  return t('block.thisParagraph');
}

function noticeView(meta: DraftMeta): NoticeView {
  return { draftStage: meta.draftStage, frontMatter: meta.frontMatter, documentNumber: meta.documentNumber, salutation: meta.salutation, notice: meta.notice };
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
  const toView = (node: TreeNode, parent: TreeNode | null): BlockView => ({
    ...nodeFields(node),
    reference: readerReference(node, parent, t),
    commentable: node.kind !== 'heading',
    commentCount: node.row.comment_count,
    latestComments: byBlock.get(node.row.id) ?? [],
    children: node.children.map((child) => toView(child, node)),
  });
  return {
    ...presentSummary(c, now, locale),
    meta: noticeView(consultationMeta(c)),
    body: buildTree(blocks).map((node) => toView(node, null)),
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

