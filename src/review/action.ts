// What every review command shares: what it needs from the platform, who is acting, which
// comments it is for, and the limits the office's forms and any other caller are held to.
import type { AppDatabase } from '../db/database.ts';
import type { Clock } from '../lib/time.ts';

/** An AppServices fits; tests and CLIs can pass just these. */
export interface ReviewDeps {
  db: AppDatabase;
  clock: Clock;
  /** Drops what this process cached about a consultation's public pages. */
  consultationChanged(slug: string): void;
}

/** Who acts, for the audit trail. */
export interface Actor {
  officerId: number;
  ip: string | null;
}

/** The consultation an action is for: its id for the batch, its slug for the caches. */
export interface ConsultationRef {
  id: number;
  slug: string;
}

/** Which comments an action is for: single ids and whole near-duplicate groups, of one consultation. */
export interface Selection {
  ids: number[];
  groups: number[];
}

/** What an action on chosen comments is given, whatever it does to them. */
export interface ActionOnComments {
  consultation: ConsultationRef;
  selection: Selection;
  /** Kept with the comments and in the audit trail; '' for none. */
  reason: string;
  actor: Actor;
}

/** Entries one action may name; a group counts once, whatever its size. */
export const MAX_SELECTION = 200;
/** The longest reason for hiding a comment or for a decision, in characters as a reader counts them. */
export const REASON_MAX = 2000;

export type SelectionRefusal = 'no_selection' | 'too_many';

export function checkSelection(selection: Selection): SelectionRefusal | null {
  const size = selection.ids.length + selection.groups.length;
  if (size === 0) return 'no_selection';
  if (size > MAX_SELECTION) return 'too_many';
  return null;
}

export function isReasonTooLong(reason: string): boolean {
  return [...reason].length > REASON_MAX;
}

/** A reason as typed into a textarea: line breaks as the browser counted them, no outer blanks. */
export function normaliseReason(raw: string | undefined): string {
  return (raw ?? '').replace(/\r\n?/g, '\n').trim();
}
