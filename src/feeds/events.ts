// What happened to a consultation, as a feed tells it: it opened for comment, it closes soon, its
// results were published. Derived from the consultation's own dates, so there is nothing to store
// and nothing to forget; an extended deadline makes a new "closing soon". Pure.
import type { Consultation } from '../db/schema.ts';
import { consultationWindow } from '../drafts/window.ts';

/** "Closing soon" is said this long before the deadline (or at opening, for a shorter window). */
export const CLOSING_SOON_DAYS = 3;
const DAY_MS = 24 * 60 * 60 * 1000;

export type ConsultationEventKind = 'opened' | 'closingSoon' | 'results';

export interface ConsultationEvent {
  kind: ConsultationEventKind;
  /** When it happened. */
  at: Date;
  /** Unique within the consultation and stable: the entry's id is built from it. */
  key: string;
}

export type EventFields = Pick<Consultation, 'state' | 'opens_at' | 'closes_at' | 'closed_early_at' | 'published_at' | 'results_published_at'>;

/** The events of one consultation up to `now`, oldest first. Unpublished ones have none. */
export function consultationEvents(c: EventFields, now: Date): ConsultationEvent[] {
  const window = consultationWindow(c);
  const phase = window.phase(now);
  if (phase === 'draft' || phase === 'upcoming' || !window.opensAt || !window.closesAt) return [];
  const events: ConsultationEvent[] = [];
  const published = c.published_at ? Date.parse(c.published_at) : 0;
  const opened = new Date(Math.max(window.opensAt.getTime(), published));
  events.push({ kind: 'opened', at: opened, key: 'opened' });

  const soon = new Date(Math.max(window.closesAt.getTime() - CLOSING_SOON_DAYS * DAY_MS, opened.getTime()));
  const closedBeforeSoon = window.closedEarlyAt !== null && window.closedEarlyAt.getTime() <= soon.getTime();
  // Not for a consultation published (or opened) too late for "soon" to mean anything.
  if (soon.getTime() <= now.getTime() && soon.getTime() < window.closesAt.getTime() && !closedBeforeSoon) {
    events.push({ kind: 'closingSoon', at: soon, key: `closing-soon-${window.closesAt.toISOString().slice(0, 10)}` });
  }
  if (c.results_published_at && Date.parse(c.results_published_at) <= now.getTime()) {
    events.push({ kind: 'results', at: new Date(c.results_published_at), key: 'results' });
  }
  return events;
}
