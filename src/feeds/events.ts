// What happened to a consultation, as a feed tells it: it opened for comment, a new round opened
// on a revised text, it closes soon, its results were published. Derived from each round's own
// dates (the consultation row for the round running or run last, the version rows for earlier
// ones), so there is nothing to store and nothing to forget; an extended deadline makes a new
// "closing soon". Pure.
import type { Consultation, ConsultationVersion } from '../db/schema.ts';
import { consultationWindow } from '../drafts/window.ts';

/** "Closing soon" is said this long before the deadline (or at opening, for a shorter window). */
export const CLOSING_SOON_DAYS = 3;
const DAY_MS = 24 * 60 * 60 * 1000;

export type ConsultationEventKind = 'opened' | 'round' | 'closingSoon' | 'results';

export interface ConsultationEvent {
  kind: ConsultationEventKind;
  /** The round (the version's number) it belongs to: 1 for a consultation never revised. */
  round: number;
  /** When it happened. */
  at: Date;
  /** Unique within the consultation and stable: the entry's id is built from it. */
  key: string;
}

export type EventFields = Pick<Consultation, 'state' | 'opens_at' | 'closes_at' | 'closed_early_at' | 'published_at' | 'results_published_at'>;

/** One round of comment as the feed reads it: its number, its window and dates, its title and statement. */
export interface Round extends EventFields {
  number: number;
  title: string;
  results_statement: string | null;
  /** A round whose text a later version replaced: its pages live at /consultations/:slug/v/:number. */
  earlier: boolean;
}

/**
 * The rounds of a published consultation, oldest first: every version published for a round (the
 * final text is not one), the one current taking its window and results from the consultation row.
 * Without version rows (none given) the consultation is its one round.
 */
export function consultationRounds(c: Consultation, versions: readonly ConsultationVersion[]): Round[] {
  const current: Round = { ...c, number: 1, earlier: false };
  const rounds = versions.filter((v) => v.state === 'published' && v.purpose === 'round').sort((a, b) => a.number - b.number);
  if (rounds.length === 0) return c.state === 'published' ? [current] : [];
  return rounds.map((v) =>
    v.id === c.current_version_id
      ? // The round running or run last: the consultation row holds its window; the version row when it was published.
        { ...current, number: v.number, published_at: v.published_at ?? c.published_at }
      : {
          state: c.state,
          opens_at: v.opens_at,
          closes_at: v.closes_at,
          closed_early_at: v.closed_early_at,
          published_at: v.published_at,
          results_published_at: v.results_published_at,
          results_statement: v.results_statement,
          title: v.title,
          number: v.number,
          earlier: true,
        },
  );
}

/** The events of one round up to `now`, oldest first. Round 1 keeps the keys it always had. */
export function roundEvents(c: EventFields, round: number, now: Date): ConsultationEvent[] {
  const window = consultationWindow(c);
  const phase = window.phase(now);
  if (phase === 'draft' || phase === 'upcoming' || !window.opensAt || !window.closesAt) return [];
  const prefix = round > 1 ? `round-${round}-` : '';
  const events: ConsultationEvent[] = [];
  const published = c.published_at ? Date.parse(c.published_at) : 0;
  const opened = new Date(Math.max(window.opensAt.getTime(), published));
  events.push({ kind: round > 1 ? 'round' : 'opened', round, at: opened, key: `${prefix}opened` });

  const soon = new Date(Math.max(window.closesAt.getTime() - CLOSING_SOON_DAYS * DAY_MS, opened.getTime()));
  const closedBeforeSoon = window.closedEarlyAt !== null && window.closedEarlyAt.getTime() <= soon.getTime();
  // Not for a consultation published (or opened) too late for "soon" to mean anything.
  if (soon.getTime() <= now.getTime() && soon.getTime() < window.closesAt.getTime() && !closedBeforeSoon) {
    events.push({ kind: 'closingSoon', round, at: soon, key: `${prefix}closing-soon-${window.closesAt.toISOString().slice(0, 10)}` });
  }
  if (c.results_published_at && Date.parse(c.results_published_at) <= now.getTime()) {
    events.push({ kind: 'results', round, at: new Date(c.results_published_at), key: `${prefix}results` });
  }
  return events;
}

/** The events of a consultation never revised, up to `now`, oldest first. Unpublished ones have none. */
export function consultationEvents(c: EventFields, now: Date): ConsultationEvent[] {
  return roundEvents(c, 1, now);
}
