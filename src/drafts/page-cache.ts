// Rendered consultation pages, cached per consultation version, language, phase and days left,
// and per form of the page: the current text clean or with its changes marked, or an earlier
// version of the text (issue 13) — each rendered once and served as the same bytes to everyone.
// Whether a page is still current is the consultation cache's business (it re-checks the version
// at most once a second and is cleared by writes in this process); this cache only keeps the
// rendered bytes for the version it was told about.
import type { Locale } from '../lib/i18n.ts';
import type { ConsultationCache, KnownConsultation } from './consultation-cache.ts';
import type { Phase } from './window.ts';

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
}

/**
 * Which page of a consultation: '' the current text, 'changes' the current text with what changed
 * since the previous version marked, 'v<N>' version N of the text as it was.
 */
export type PageVariant = '' | 'changes' | `v${number}`;

export type RenderPage = (known: KnownConsultation, locale: Locale, now: Date, variant: PageVariant) => Promise<string>;

export class PageCache {
  private entries = new Map<string, Entry>();
  private pending = new Map<string, Promise<Entry>>();
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly consultations: ConsultationCache,
    private readonly render: RenderPage,
  ) {}

  /** Frees a consultation's pages; a stale one would be replaced anyway, by its version. */
  invalidate(slug: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(`${slug}\u0000`)) this.entries.delete(key);
  }

  async get(slug: string, locale: Locale, now: Date, variant: PageVariant = ''): Promise<CachedPage | null> {
    const known = this.consultations.peek(slug, now) ?? (await this.consultations.get(slug, now));
    if (!known || known.consultation.state !== 'published') return null;
    const key = `${slug}\u0000${locale}\u0000${variant}`;
    const version = known.consultation.version;
    const phase = known.window.phase(now);
    const daysLeft = known.window.daysLeft(now);
    const entry = this.entries.get(key);
    if (entry && entry.version === version && entry.phase === phase && entry.daysLeft === daysLeft) return entry;
    // Concurrent requests for a page not yet rendered wait for one rendering.
    const renderKey = `${key}\u0000${version}\u0000${phase}\u0000${daysLeft}`;
    let pending = this.pending.get(renderKey);
    if (!pending) {
      pending = this.renderEntry(known, locale, now, variant, { version, phase, daysLeft }).finally(() => this.pending.delete(renderKey));
      this.pending.set(renderKey, pending);
    }
    const fresh = await pending;
    this.entries.set(key, fresh);
    return fresh;
  }

  private async renderEntry(known: KnownConsultation, locale: Locale, now: Date, variant: PageVariant, stamp: Pick<Entry, 'version' | 'phase' | 'daysLeft'>): Promise<Entry> {
    const body = this.encoder.encode(await this.render(known, locale, now, variant));
    return {
      body,
      gzip: await gzip(body),
      etag: `W/"${known.consultation.id}-${stamp.version}-${stamp.phase}-${stamp.daysLeft ?? 'x'}-${locale}${variant ? `-${variant}` : ''}"`,
      ...stamp,
    };
  }
}
