// From stored rows to what the views show: windows in Beijing time, public comments masked.
import type { PublicCommentRow } from '../comments/store.ts';
import type { AppDatabase } from '../db/database.ts';
import type { Block, Consultation } from '../db/schema.ts';
import type { Locale, Translate } from '../lib/i18n.ts';
import { maskPersonalData } from '../lib/mask.ts';
import { formatDate, formatDateTime } from '../lib/time.ts';
import { countGeneralComments, listLatestPublishedPerBlock, listPublishedComments, publicAuthorName } from '../comments/store.ts';
import type { KnownConsultation } from './consultation-cache.ts';
import type { DraftMeta } from './parse-types.ts';
import type { ReferenceNode } from './reference.ts';
import type { PageVariant } from './page-cache.ts';
import { applyMarks, findShownVersion, markChanges, presentVersionBar } from './present-versions.ts';
import { buildTree, consultationMeta, findVersionById, listVersionBlocks, nodeFields, type TreeNode } from './store.ts';
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
  variant: PageVariant = '',
): Promise<ConsultationView | null> {
  const c = known.consultation;
  // With one version (most consultations) the page is what it always was; with several, the
  // comments shown are the current version's, and the page says which version it is.
  const several = known.versions.length > 1;
  if (variant.startsWith('v')) return presentEarlierVersion(db, known, Number(variant.slice(1)), now, locale, t);
  const versionId = several ? c.current_version_id : null;
  const view = await presentText(db, { consultationId: c.id, blocks: [...known.blocksById.values()], versionId }, locale, t);
  const result: ConsultationView = {
    ...presentSummary(c, now, locale),
    meta: noticeView(consultationMeta(c)),
    body: view.body,
    moderation: c.moderation,
    requireName: c.require_name === 1,
    contactEmail: c.contact_email,
    intakeEmail: mailDomain ? intakeAddress(c, mailDomain) : null,
    contactPerson: c.contact_person,
    contactPhone: c.contact_phone,
    generalCommentCount: view.generalCount ?? c.general_comment_count,
    generalComments: view.general,
    results: c.results_published_at && c.results_statement ? { statement: c.results_statement, publishedAt: formatDate(c.results_published_at, locale) } : null,
  };
  if (several && c.current_version_id !== null) {
    const current = await findVersionById(db, c.current_version_id);
    const changes = current ? await markChanges(db, current, locale, t) : null;
    const marked = variant === 'changes' && changes !== null;
    if (marked) {
      applyMarks(result.body, changes);
      result.removedAtStart = changes.removedAtStart;
    }
    result.version = presentVersionBar(known, { number: current?.number ?? 1, old: false }, { marked, changes }, locale, t);
  }
  return result;
}

/** A version's blocks as the page shows them, with their newest comments; the comments on the whole text. */
async function presentText(
  db: AppDatabase,
  text: { consultationId: number; blocks: Block[]; versionId: number | null },
  locale: Locale,
  t: Translate,
): Promise<{ body: BlockView[]; general: PublicComment[]; generalCount: number | null }> {
  const [latest, general, generalCount] = await Promise.all([
    listLatestPublishedPerBlock(db, text.consultationId, LATEST_PER_BLOCK, text.versionId),
    listPublishedComments(db, { consultationId: text.consultationId, blockId: null, limit: 5, offset: 0, versionId: text.versionId }),
    text.versionId === null ? Promise.resolve(null) : countGeneralComments(db, text.consultationId, text.versionId),
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
  return { body: buildTree(text.blocks).map((node) => toView(node, null)), general: general.map((row) => presentComment(row, t, locale)), generalCount };
}

/** An earlier version of the text as it was: its title, notice and window, its comments; read only. */
async function presentEarlierVersion(db: AppDatabase, known: KnownConsultation, number: number, now: Date, locale: Locale, t: Translate): Promise<ConsultationView | null> {
  const c = known.consultation;
  const version = await findShownVersion(db, known, number);
  if (!version || version.id === c.current_version_id) return null;
  const asRan: Consultation = {
    ...c,
    title: version.title,
    opens_at: version.opens_at,
    closes_at: version.closes_at,
    closed_early_at: version.closed_early_at,
    closed_early_reason: version.closed_early_reason,
    extension_reason: version.extension_reason,
  };
  const view = await presentText(db, { consultationId: c.id, blocks: await listVersionBlocks(db, version.id), versionId: version.id }, locale, t);
  return {
    ...presentSummary(asRan, now, locale),
    meta: noticeView(consultationMeta(version)),
    body: view.body,
    moderation: c.moderation,
    requireName: c.require_name === 1,
    contactEmail: null,
    intakeEmail: null,
    contactPerson: null,
    contactPhone: null,
    generalCommentCount: view.generalCount ?? 0,
    generalComments: view.general,
    results: version.results_published_at && version.results_statement ? { statement: version.results_statement, publishedAt: formatDate(version.results_published_at, locale) } : null,
    version: presentVersionBar(known, { number: version.number, old: true }, { marked: false, changes: null }, locale, t),
    readOnly: true,
  };
}
