// A consultation's settings: title, drafting office, window (before publishing only: afterwards it changes by
// extending or closing), moderation, names, document kind, intake address, reminders, contact.
import type { Actor } from '../auth/audit.ts';
import type { Consultation } from '../db/schema.ts';
import { type Invalid, type OfficeDeps, type Refused, writeChange } from './commands.ts';
import { isIntakeTaken } from './store.ts';
import { checkWindowLength, type DocumentKind, type WindowCheck } from './window-rules.ts';

export interface SettingsInput {
  title: string;
  /** The drafting office (起草单位): on the public page and as the feedback report's 落款; '' for none. */
  issuer: string;
  /** Read only while the consultation is a draft. */
  opensAt: Date | null;
  closesAt: Date | null;
  moderation: 'pre' | 'post';
  requireName: boolean;
  documentKind: DocumentKind;
  /** The local part of the intake address, already in its form (lower case); null for the slug. */
  intakeLocal: string | null;
  reminderDays: number;
  contactPerson: string;
  contactPhone: string;
  contactEmail: string;
}

/**
 * A window shorter than usual is allowed once the officer says so; asked again only when the
 * window or the document kind changes. `check` is null when there is no window to check.
 */
export function windowConfirmation(
  row: Consultation,
  next: { opensAt: Date | null; closesAt: Date | null; documentKind: DocumentKind },
): { check: WindowCheck | null; askConfirm: boolean } {
  if (row.state !== 'draft' || !next.opensAt || !next.closesAt) return { check: null, askConfirm: false };
  const changed = next.opensAt.toISOString() !== row.opens_at || next.closesAt.toISOString() !== row.closes_at || next.documentKind !== row.document_kind;
  const check = checkWindowLength(next.documentKind, next.opensAt, next.closesAt);
  return { check, askConfirm: check.short && changed };
}

export async function updateSettings(
  deps: OfficeDeps,
  input: { consultation: Consultation; version: number; settings: SettingsInput; confirmShortWindow: boolean; actor: Actor },
): Promise<{ ok: true } | Invalid<'intakeLocal' | 'confirmShort', 'intakeTaken' | 'confirmShort'> | Refused<'stale'>> {
  const row = input.consultation;
  const s = input.settings;
  const draft = row.state === 'draft';
  const opensAt = draft ? s.opensAt : row.opens_at ? new Date(row.opens_at) : null;
  const closesAt = draft ? s.closesAt : row.closes_at ? new Date(row.closes_at) : null;
  // The slug is the address anyway: naming it again stores nothing.
  const intakeLocal = s.intakeLocal === row.slug ? null : s.intakeLocal;

  const fields: Invalid<'intakeLocal' | 'confirmShort', 'intakeTaken' | 'confirmShort'>['fields'] = {};
  if (intakeLocal && (await isIntakeTaken(deps.db, intakeLocal, row.id))) fields.intakeLocal = { code: 'intakeTaken', params: { local: intakeLocal } };
  const { check, askConfirm } = windowConfirmation(row, { opensAt, closesAt, documentKind: s.documentKind });
  if (askConfirm && !input.confirmShortWindow) fields.confirmShort = { code: 'confirmShort' };
  if (fields.intakeLocal || fields.confirmShort) return { ok: false, code: 'invalid', fields };

  const next = {
    title: s.title,
    issuer: s.issuer || null,
    opens_at: opensAt?.toISOString() ?? null,
    closes_at: closesAt?.toISOString() ?? null,
    moderation: s.moderation,
    require_name: s.requireName ? 1 : 0,
    document_kind: s.documentKind,
    intake_local: intakeLocal,
    reminder_days: s.reminderDays,
    contact_person: s.contactPerson || null,
    contact_phone: s.contactPhone || null,
    contact_email: s.contactEmail || null,
  };
  const changed: Record<string, [unknown, unknown]> = {};
  for (const [key, value] of Object.entries(next)) {
    const before = row[key as keyof typeof next];
    if (before !== value) changed[key] = [before, value];
  }
  const written = await writeChange(deps, input, deps.clock(), {
    set: next,
    action: 'settings',
    detail: { changed, ...(check?.short ? { windowShortConfirmed: askConfirm } : {}) },
  });
  return written ? { ok: true } : { ok: false, code: 'stale' };
}
