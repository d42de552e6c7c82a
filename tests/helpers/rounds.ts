// A second round of a consultation through the office's own pages: the revised text loaded as the
// next version, then published for a new round with its window (the round before must be over).
import { expect } from 'vitest';
import { findConsultationBySlug } from '../../src/drafts/store.ts';
import type { TestApp, TestClient } from './app.ts';

async function postVersioned(harness: TestApp, officer: TestClient, path: string, fields: Record<string, string>) {
  await officer.get(path.replace(/\/publish$/, ''));
  const slug = /^\/office\/consultations\/([^/]+)/.exec(path)![1]!;
  const { version } = (await findConsultationBySlug(harness.db, slug))!;
  return officer.postForm(path, { version: String(version), ...fields });
}

/** The consultation's current text with `edit` applied, loaded as its next version (unpublished). */
export async function loadRevision(harness: TestApp, officer: TestClient, slug: string, edit: (text: string) => string): Promise<void> {
  const { source_text } = (await findConsultationBySlug(harness.db, slug))!;
  const revised = edit(source_text!);
  expect(revised).not.toBe(source_text);
  const { response, html } = await postVersioned(harness, officer, `/office/consultations/${slug}/versions`, { title: '', text: revised });
  expect(response.status, html.slice(0, 500)).toBe(303);
}

/** Publishes the loaded revision for a new round from `opens` to `closes` (Beijing time, as the form takes them). */
export async function publishRound(harness: TestApp, officer: TestClient, slug: string, opens: string, closes: string): Promise<void> {
  const { response, html } = await postVersioned(harness, officer, `/office/consultations/${slug}/versions/publish`, { purpose: 'round', opens, closes, confirmShort: '1' });
  expect(response.status, html.slice(0, 2000)).toBe(303);
}
