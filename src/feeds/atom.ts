// Atom 1.0 (RFC 4287) as text: a feed with its id, title, updated, author, self and alternate
// links, and entries each with id, title, updated, an alternate link and a text summary. Every
// value is escaped and cleared of the characters XML 1.0 forbids, so no title or statement can
// make a reader refuse the feed. Pure.
import { exportText } from '../lib/sanitize.ts';

export interface AtomEntry {
  /** A permanent, absolute IRI; the same event keeps it across requests and edits. */
  id: string;
  title: string;
  updated: Date;
  published?: Date;
  /** The page the entry is about (absolute). */
  link: string;
  summary: string;
  author?: string | null;
  category?: { term: string; label: string };
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  /** The feed's own address (rel="self"), absolute. */
  selfHref: string;
  /** The page it is the feed of (rel="alternate"), absolute. */
  alternateHref: string;
  lang: string;
  author: string;
  /** When nothing has happened yet: the feed still needs an <updated>. */
  fallbackUpdated: Date;
  entries: AtomEntry[];
}

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

function escapeXml(value: string): string {
  return exportText(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** RFC 3339 in UTC, to the second. */
function timestamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function element(name: string, value: string, attributes = ''): string {
  return `<${name}${attributes}>${escapeXml(value)}</${name}>`;
}

export function atomXml(feed: AtomFeed): string {
  const entries = [...feed.entries].sort((a, b) => b.updated.getTime() - a.updated.getTime() || a.id.localeCompare(b.id));
  const updated = entries[0]?.updated ?? feed.fallbackUpdated;
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(feed.lang)}">`,
    `  ${element('id', feed.id)}`,
    `  ${element('title', feed.title, ' type="text"')}`,
    ...(feed.subtitle ? [`  ${element('subtitle', feed.subtitle, ' type="text"')}`] : []),
    `  ${element('updated', timestamp(updated))}`,
    `  <author>${element('name', feed.author)}</author>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfHref)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(feed.alternateHref)}"/>`,
  ];
  for (const entry of entries) {
    lines.push(
      '  <entry>',
      `    ${element('id', entry.id)}`,
      `    ${element('title', entry.title, ' type="text"')}`,
      `    ${element('updated', timestamp(entry.updated))}`,
      ...(entry.published ? [`    ${element('published', timestamp(entry.published))}`] : []),
      ...(entry.author ? [`    <author>${element('name', entry.author)}</author>`] : []),
      `    <link rel="alternate" type="text/html" href="${escapeXml(entry.link)}"/>`,
      ...(entry.category ? [`    <category term="${escapeXml(entry.category.term)}" label="${escapeXml(entry.category.label)}"/>`] : []),
      `    ${element('summary', entry.summary, ' type="text"')}`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
