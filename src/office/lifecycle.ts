// A consultation's life after the draft: publishing it (the roster is seeded from the units the
// text names, whoever publishes: an officer or `npm run import … --opens --closes`), extending
// its deadline, and closing it early. Each change is one batch with its audit entry, applied only
// to the version the caller saw.
import type { Actor } from '../auth/audit.ts';
import type { Consultation } from '../db/schema.ts';
import { type RosterSeedReport, seedRosterQueries } from '../departments/roster.ts';
import { listBlocks } from '../drafts/store.ts';
import { consultationWindow } from '../drafts/window.ts';
import type { MessageKey } from '../lib/i18n.ts';
import { type OfficeDeps, type Refused, writeChange } from './commands.ts';
import { checkWindowLength, type WindowCheck } from './window-rules.ts';

export type PublishRefusal = 'notDraft' | 'noWindow' | 'closedAlready' | 'emptyBody' | 'confirmShort' | 'stale';

/** Each refusal's words in the dictionary, for the office and the command line alike. */
export const PUBLISH_REFUSALS: Record<PublishRefusal, MessageKey> = {
  notDraft: 'office.lifecycle.error.notDraft',
  noWindow: 'office.lifecycle.error.noWindow',
  closedAlready: 'office.lifecycle.error.closedAlready',
  emptyBody: 'office.lifecycle.error.emptyBody',
  confirmShort: 'office.lifecycle.error.confirmShort',
  stale: 'office.error.stale',
};

export interface PublishInput {
  consultation: Consultation;
  /** The version the caller saw. */
  version: number;
  /** The caller knows the window is shorter than the usual minimum and publishes anyway. */
  confirmShortWindow: boolean;
  /**
   * Publish a window that has already ended. The office never does (an officer publishing a
   * finished window has made a mistake); the command line may, since its operator typed the dates
   * to load a consultation as it was.
   */
  allowClosedWindow?: boolean;
  actor: Actor;
}

export async function publishConsultation(
  deps: OfficeDeps,
  input: PublishInput,
): Promise<{ ok: true; roster: RosterSeedReport; windowCheck: WindowCheck } | Refused<PublishRefusal>> {
  const { db } = deps;
  const row = input.consultation;
  const now = deps.clock();
  if (row.state !== 'draft') return { ok: false, code: 'notDraft' };
  if (!row.opens_at || !row.closes_at) return { ok: false, code: 'noWindow' };
  if (!input.allowClosedWindow && new Date(row.closes_at).getTime() <= now.getTime()) return { ok: false, code: 'closedAlready' };
  if ((await listBlocks(db, row.id)).length === 0) return { ok: false, code: 'emptyBody' };
  const check = checkWindowLength(row.document_kind, new Date(row.opens_at), new Date(row.closes_at));
  if (check.short && !input.confirmShortWindow) return { ok: false, code: 'confirmShort' };

  // The roster comes from the text as published: the units it names as lead or support.
  const roster = await seedRosterQueries(db, row.id, now);
  const written = await writeChange(deps, input, now, {
    set: { state: 'published', published_at: now.toISOString() },
    alongside: [
      // Its first version is published with it.
      db.kysely.updateTable('consultation_versions').set({ state: 'published', published_at: now.toISOString() }).where('consultation_id', '=', row.id).where('number', '=', 1).compile(),
      ...roster.queries,
    ],
    action: 'publish',
    detail: {
      opensAt: row.opens_at,
      closesAt: row.closes_at,
      windowShort: check.short,
      ...(check.short ? { confirmed: true, actual: check.actual, minimum: check.minimum, unit: check.unit } : {}),
      rosterAdded: roster.report.added.length,
    },
  });
  return written ? { ok: true, roster: roster.report, windowCheck: check } : { ok: false, code: 'stale' };
}

/** Extending and closing apply to a published consultation that has not ended yet. */
export function isRunning(row: Consultation, now: Date): boolean {
  const phase = consultationWindow(row).phase(now);
  return row.state === 'published' && row.closes_at !== null && (phase === 'open' || phase === 'upcoming');
}

export async function extendDeadline(
  deps: OfficeDeps,
  input: { consultation: Consultation; version: number; closesAt: Date; reason: string; actor: Actor },
): Promise<{ ok: true } | Refused<'notRunning' | 'notLater' | 'stale'>> {
  const row = input.consultation;
  const now = deps.clock();
  if (!isRunning(row, now)) return { ok: false, code: 'notRunning' };
  if (input.closesAt.getTime() <= new Date(row.closes_at!).getTime()) return { ok: false, code: 'notLater', params: { closes: row.closes_at! } };
  const to = input.closesAt.toISOString();
  const written = await writeChange(deps, input, now, {
    set: { closes_at: to, extension_reason: input.reason },
    action: 'extend',
    detail: { from: row.closes_at, to, reason: input.reason },
  });
  return written ? { ok: true } : { ok: false, code: 'stale' };
}

export async function closeEarly(
  deps: OfficeDeps,
  input: { consultation: Consultation; version: number; reason: string; actor: Actor },
): Promise<{ ok: true } | Refused<'notRunning' | 'stale'>> {
  const row = input.consultation;
  const now = deps.clock();
  if (!isRunning(row, now)) return { ok: false, code: 'notRunning' };
  const at = now.toISOString();
  const written = await writeChange(deps, input, now, {
    set: { closed_early_at: at, closed_early_reason: input.reason },
    action: 'close',
    detail: { closesAt: row.closes_at, closedAt: at, reason: input.reason },
  });
  return written ? { ok: true } : { ok: false, code: 'stale' };
}
