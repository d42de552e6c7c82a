// What requests need to know about a consultation and its blocks, kept in memory: a comment
// submission then makes no read query at all. Re-checked against the consultation's version at
// most once a second (the rule the page cache follows), and dropped at once on a change made in
// this process.
import type { AppDatabase } from '../db/database.ts';
import type { Block, Consultation, ConsultationVersion } from '../db/schema.ts';
import { findConsultationHeadBySlug, findConsultationStamp, listBlocks, listVersions } from './store.ts';
import { type ConsultationWindow, consultationWindow } from './window.ts';

export interface KnownConsultation {
  consultation: Consultation;
  window: ConsultationWindow;
  /** The current version's blocks: what /consultations/:slug shows and comments are made on. */
  blocksByKey: Map<string, Block>;
  blocksById: Map<number, Block>;
  /** Its published versions, oldest first (one for most consultations). */
  versions: PublishedVersion[];
}

export type PublishedVersion = Pick<ConsultationVersion, 'id' | 'number' | 'purpose' | 'title' | 'published_at'>;

interface Entry extends KnownConsultation {
  version: number;
  checkedAt: number;
}

const RECHECK_MS = 1000;

/** Fresh for a second after its check; a check that lies in the future (the clock stepped back) is stale. */
function isFresh(entry: Entry | undefined, now: Date): entry is Entry {
  if (!entry) return false;
  const elapsed = now.getTime() - entry.checkedAt;
  return elapsed >= 0 && elapsed < RECHECK_MS;
}

export class ConsultationCache {
  private entries = new Map<string, Entry>();
  private pending = new Map<string, Promise<Entry | null>>();

  constructor(private readonly db: AppDatabase) {}

  invalidate(slug: string): void {
    this.entries.delete(slug);
  }

  /** The entry when it is fresh, without a round trip through a promise: the common case. */
  peek(slug: string, now: Date): KnownConsultation | undefined {
    const entry = this.entries.get(slug);
    return isFresh(entry, now) ? entry : undefined;
  }

  async get(slug: string, now: Date): Promise<KnownConsultation | null> {
    const entry = this.entries.get(slug);
    if (isFresh(entry, now)) return entry;
    let pending = this.pending.get(slug);
    if (!pending) {
      pending = this.refresh(slug, now, entry).finally(() => this.pending.delete(slug));
      this.pending.set(slug, pending);
    }
    return pending;
  }

  private async refresh(slug: string, now: Date, entry: Entry | undefined): Promise<Entry | null> {
    const stamp = await findConsultationStamp(this.db, slug);
    if (!stamp) {
      this.entries.delete(slug);
      return null;
    }
    // Any column of the stamp counts: a window changed by another process without a version bump
    // must still open or close the consultation here.
    const c = entry?.consultation;
    if (
      entry &&
      c &&
      entry.version === stamp.version &&
      c.state === stamp.state &&
      c.opens_at === stamp.opens_at &&
      c.closes_at === stamp.closes_at &&
      c.closed_early_at === stamp.closed_early_at
    ) {
      entry.checkedAt = now.getTime();
      return entry;
    }
    const consultation = await findConsultationHeadBySlug(this.db, slug);
    if (!consultation) return null;
    const [blocks, versions] = await Promise.all([listBlocks(this.db, consultation.id), listVersions(this.db, consultation.id)]);
    const fresh: Entry = {
      consultation,
      window: consultationWindow(consultation),
      blocksByKey: new Map(blocks.map((b) => [b.key, b])),
      blocksById: new Map(blocks.map((b) => [b.id, b])),
      versions: versions.filter((v) => v.state === 'published').map((v) => ({ id: v.id, number: v.number, purpose: v.purpose, title: v.title, published_at: v.published_at })),
      version: consultation.version,
      checkedAt: now.getTime(),
    };
    this.entries.set(slug, fresh);
    return fresh;
  }
}
