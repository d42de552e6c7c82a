// Rendered consultation pages, cached per consultation version, language, phase and days left.
// Writes in this process invalidate at once; changes made by another process (the import CLI)
// are noticed by re-checking the version at most once a second.
import type { AppDatabase } from '../db/database.ts';
import type { Locale } from '../lib/i18n.ts';
import { findConsultationStamp, type ConsultationStamp } from './store.ts';
import { consultationWindow, type ConsultationWindow, type Phase } from './window.ts';

export interface CachedPage {
  body: Uint8Array;
  /** The same bytes gzipped once per version: 80 KB of Chinese text travel as about 12 KB. */
  gzip: Uint8Array;
  etag: string;
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

interface Entry extends CachedPage {
  version: number;
  phase: Phase;
  daysLeft: number | null;
  window: ConsultationWindow;
  checkedAt: number;
}

export type RenderPage = (stamp: ConsultationStamp, locale: Locale, now: Date) => Promise<string>;

const RECHECK_MS = 1000;

export class PageCache {
  private entries = new Map<string, Entry>();
  private pending = new Map<string, Promise<Entry | null>>();
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly db: AppDatabase,
    private readonly render: RenderPage,
  ) {}

  invalidate(slug: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(`${slug}\u0000`)) this.entries.delete(key);
  }

  async get(slug: string, locale: Locale, now: Date): Promise<CachedPage | null> {
    const key = `${slug}\u0000${locale}`;
    const entry = this.entries.get(key);
    const t = now.getTime();
    if (entry && t - entry.checkedAt < RECHECK_MS && entry.phase === entry.window.phase(now) && entry.daysLeft === entry.window.daysLeft(now)) {
      return entry;
    }
    let pending = this.pending.get(key);
    if (!pending) {
      pending = this.refresh(key, slug, locale, now, entry).finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return pending;
  }

  private async refresh(key: string, slug: string, locale: Locale, now: Date, entry: Entry | undefined): Promise<Entry | null> {
    const stamp = await findConsultationStamp(this.db, slug);
    if (!stamp || stamp.state !== 'published') {
      this.entries.delete(key);
      return null;
    }
    const window = consultationWindow(stamp);
    const phase = window.phase(now);
    const daysLeft = window.daysLeft(now);
    if (entry && entry.version === stamp.version && entry.phase === phase && entry.daysLeft === daysLeft) {
      entry.checkedAt = now.getTime();
      entry.window = window;
      return entry;
    }
    const body = this.encoder.encode(await this.render(stamp, locale, now));
    const fresh: Entry = {
      body,
      gzip: await gzip(body),
      etag: `W/"${stamp.id}-${stamp.version}-${phase}-${daysLeft ?? 'x'}-${locale}"`,
      version: stamp.version,
      phase,
      daysLeft,
      window,
      checkedAt: now.getTime(),
    };
    this.entries.set(key, fresh);
    return fresh;
  }
}
