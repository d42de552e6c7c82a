// Versions of a consultation's text: loading a revised text as the next version, publishing it for
// a new round of comment (a new window, its roster seeded again) or as the final text once the
// round is over, and discarding a revision not yet published. One batch each, with its audit
// entry, applied only to the consultation version (the row's `version` counter) the caller saw.
//
// What moves where on publishing: the consultation row keeps what is live, so the version it
// replaces first receives the round as it ran — window, reasons, results, the roster's answers —
// and the row then takes the new text's title, notice and report (and, for a round, its window).
import { sql } from 'kysely';
import type { Actor } from '../auth/audit.ts';
import type { Consultation, ConsultationVersion, VersionPurpose } from '../db/schema.ts';
import { type RosterSeedReport, seedRosterQueries } from '../departments/roster.ts';
import { parseDraft } from '../drafts/parse.ts';
import type { DraftFormat } from '../drafts/parse-types.ts';
import { findWorkingVersion, listVersionBlocks, storeVersionQueries } from '../drafts/store.ts';
import { consultationWindow } from '../drafts/window.ts';
import type { MessageKey } from '../lib/i18n.ts';
import { type Invalid, type OfficeDeps, type Refused, writeChange } from './commands.ts';
import { MAX_TITLE } from './create.ts';
import { checkWindowLength, type WindowCheck } from './window-rules.ts';

export type RevisionRefusal = 'notPublished' | 'revisionExists' | 'final' | 'stale';

/** Each refusal's words in the dictionary, for the office and the command line alike. */
export const REVISION_REFUSALS: Record<RevisionRefusal, MessageKey> = {
  notPublished: 'office.version.error.notPublished',
  revisionExists: 'office.version.error.revisionExists',
  final: 'office.version.error.final',
  stale: 'office.error.stale',
};

export interface RevisionInput {
  consultation: Consultation;
  /** The consultation version the caller saw. */
  version: number;
  source: { text: string; format: DraftFormat; from: 'paste' | 'file'; fileName: string | null };
  /** As typed; '' keeps the title the text gives, or the consultation's. */
  title: string;
  actor: Actor;
}

/** Loads a revised text as the next version of a published consultation, unpublished, for the structure editor. */
export async function createRevision(
  deps: OfficeDeps,
  input: RevisionInput,
): Promise<{ ok: true; number: number; title: string } | Refused<RevisionRefusal> | Invalid<'source' | 'title', 'noBody' | 'titleTooLong'>> {
  const { db } = deps;
  const row = input.consultation;
  // Before publishing, the draft itself is corrected in the structure editor: it has no earlier version.
  if (row.state !== 'published') return { ok: false, code: 'notPublished' };
  const latest = await findWorkingVersion(db, row.id);
  if (latest?.state === 'draft') return { ok: false, code: 'revisionExists', params: { number: latest.number } };
  if (latest?.purpose === 'final') return { ok: false, code: 'final' };

  const parsed = parseDraft(input.source.text, { format: input.source.format, ...(input.title ? { title: input.title } : {}) });
  const title = input.title || parsed.title || row.title;
  const fields: Invalid<'source' | 'title', 'noBody' | 'titleTooLong'>['fields'] = {};
  if (parsed.body.length === 0) fields.source = { code: 'noBody' };
  if ([...title].length > MAX_TITLE) fields.title = { code: 'titleTooLong' };
  if (fields.source || fields.title) return { ok: false, code: 'invalid', fields };

  const number = (latest?.number ?? 0) + 1;
  const now = deps.clock();
  const written = await writeChange(deps, input, now, {
    set: {},
    alongside: storeVersionQueries(db.kysely, { consultationId: row.id, number, title, parsed, sourceText: input.source.text, sourceFormat: input.source.format, now }),
    action: 'create-version',
    detail: { number, title, format: input.source.format, from: input.source.from, fileName: input.source.fileName, blocks: parsed.report.stats.blocks },
  });
  return written ? { ok: true, number, title } : { ok: false, code: 'stale' };
}

export type PublishRevisionRefusal = 'noRevision' | 'roundRunning' | 'emptyBody' | 'noWindow' | 'windowOrder' | 'closedAlready' | 'confirmShort' | 'stale';

export const PUBLISH_REVISION_REFUSALS: Record<PublishRevisionRefusal, MessageKey> = {
  noRevision: 'office.version.error.noRevision',
  roundRunning: 'office.version.error.roundRunning',
  emptyBody: 'office.lifecycle.error.emptyBody',
  noWindow: 'office.version.error.noWindow',
  windowOrder: 'office.version.error.windowOrder',
  closedAlready: 'office.version.error.closedAlready',
  confirmShort: 'office.lifecycle.error.confirmShort',
  stale: 'office.error.stale',
};

export interface PublishRevisionInput {
  consultation: Consultation;
  version: number;
  purpose: VersionPurpose;
  /** A round's window; ignored for the final text. */
  opensAt: Date | null;
  closesAt: Date | null;
  confirmShortWindow: boolean;
  /** The command line may load a round that has ended, as it ran; the office never does. */
  allowClosedWindow?: boolean;
  actor: Actor;
}

/**
 * Publishes the revision being prepared. For a new round it opens a new window and seeds the
 * roster from the revised text (units already there are asked again: their answers and
 * invitations start afresh, the earlier round's kept with its version); as the final text it
 * closes the consultation's text for good.
 */
export async function publishRevision(
  deps: OfficeDeps,
  input: PublishRevisionInput,
): Promise<{ ok: true; number: number; roster: RosterSeedReport | null; windowCheck: WindowCheck | null } | Refused<PublishRevisionRefusal>> {
  const { db } = deps;
  const k = db.kysely;
  const row = input.consultation;
  const now = deps.clock();
  const revision = await findWorkingVersion(db, row.id);
  if (!revision || revision.state !== 'draft' || revision.number < 2 || row.state !== 'published') return { ok: false, code: 'noRevision' };
  // A revision answers the round before it: that round must be over.
  if (consultationWindow(row).phase(now) !== 'closed') return { ok: false, code: 'roundRunning' };
  const blocks = await listVersionBlocks(db, revision.id);
  if (blocks.length === 0) return { ok: false, code: 'emptyBody' };

  let check: WindowCheck | null = null;
  if (input.purpose === 'round') {
    if (!input.opensAt || !input.closesAt) return { ok: false, code: 'noWindow' };
    if (input.closesAt.getTime() <= input.opensAt.getTime()) return { ok: false, code: 'windowOrder' };
    if (!input.allowClosedWindow && input.closesAt.getTime() <= now.getTime()) return { ok: false, code: 'closedAlready' };
    check = checkWindowLength(row.document_kind, input.opensAt, input.closesAt);
    if (check.short && !input.confirmShortWindow) return { ok: false, code: 'confirmShort' };
  }

  const iso = now.toISOString();
  const previousId = row.current_version_id;
  const roster = input.purpose === 'round' ? await seedRosterQueries(db, row.id, now, blocks) : null;
  const alongside = [
    // The round that ends here, as it ran.
    ...(previousId === null
      ? []
      : [
          k
            .updateTable('consultation_versions')
            .set({
              title: row.title,
              opens_at: row.opens_at,
              closes_at: row.closes_at,
              closed_early_at: row.closed_early_at,
              closed_early_reason: row.closed_early_reason,
              extension_reason: row.extension_reason,
              results_statement: row.results_statement,
              results_published_at: row.results_published_at,
              roster_json: sql<string>`(SELECT json_group_array(json_object('unit', u.name, 'role', r.role, 'response', r.response, 'respondedAt', r.responded_at, 'invitedAt', r.invited_at))
                FROM roster_entries r JOIN units u ON u.id = r.unit_id WHERE r.consultation_id = ${row.id})`,
            })
            .where('id', '=', previousId)
            .compile(),
        ]),
    k.updateTable('consultation_versions').set({ state: 'published', purpose: input.purpose, published_at: iso }).where('id', '=', revision.id).compile(),
    ...(input.purpose === 'round'
      ? [
          // Every unit is asked afresh in the new round.
          k.updateTable('roster_entries').set({ response: 'none', responded_at: null, invited_at: null, reminded_at: null }).where('consultation_id', '=', row.id).compile(),
          ...roster!.queries,
        ]
      : []),
  ];
  const window =
    input.purpose === 'round'
      ? {
          opens_at: input.opensAt!.toISOString(),
          closes_at: input.closesAt!.toISOString(),
          closed_early_at: null,
          closed_early_reason: null,
          extension_reason: null,
          results_statement: null,
          results_published_at: null,
        }
      : {};
  const written = await writeChange(deps, input, now, {
    set: {
      current_version_id: revision.id,
      title: revision.title,
      meta_json: revision.meta_json,
      import_report_json: revision.import_report_json,
      source_text: revision.source_text,
      source_format: revision.source_format,
      ...window,
    },
    alongside,
    action: 'publish-version',
    detail: {
      number: revision.number,
      purpose: input.purpose,
      ...(input.purpose === 'round' ? { opensAt: input.opensAt!.toISOString(), closesAt: input.closesAt!.toISOString(), windowShort: check!.short, rosterAdded: roster!.report.added.length } : {}),
    },
  });
  return written ? { ok: true, number: revision.number, roster: roster?.report ?? null, windowCheck: check } : { ok: false, code: 'stale' };
}

/** Throws away the revision being prepared (its blocks and the office's notes on them go with it). */
export async function discardRevision(
  deps: OfficeDeps,
  input: { consultation: Consultation; version: number; actor: Actor },
): Promise<{ ok: true; number: number } | Refused<'noRevision' | 'stale'>> {
  const { db } = deps;
  const revision = await findWorkingVersion(db, input.consultation.id);
  if (!revision || revision.state !== 'draft' || revision.number < 2) return { ok: false, code: 'noRevision' };
  const k = db.kysely;
  const written = await writeChange(deps, input, deps.clock(), {
    set: {},
    alongside: [
      k.deleteFrom('block_changes').where('version_id', '=', revision.id).compile(),
      // Children before parents is not needed: parent_id cascades within the version.
      k.deleteFrom('blocks').where('version_id', '=', revision.id).compile(),
      k.deleteFrom('consultation_versions').where('id', '=', revision.id).compile(),
    ],
    action: 'discard-version',
    detail: { number: revision.number },
  });
  return written ? { ok: true, number: revision.number } : { ok: false, code: 'stale' };
}

/** The version a revision is compared with: the one before it. */
export function previousNumber(version: Pick<ConsultationVersion, 'number'>): number | null {
  return version.number > 1 ? version.number - 1 : null;
}
