// Invitations to the units on a roster, and the automatic reminder to those still silent. Both
// queue into the outbox in the same batch that marks the roster (invited_at / reminded_at), and
// both carry dedupe keys, so running them twice, or from two processes, sends each mail once.
import { intakeAddress } from '../mail/addresses.ts';
import type { CompiledQuery } from 'kysely';
import type { AppDatabase } from '../db/database.ts';
import type { Consultation } from '../db/schema.ts';
import { consultationWindow } from '../drafts/window.ts';
import { findConsultationById, listBlocks } from '../drafts/store.ts';
import { type Translate, translator } from '../lib/i18n.ts';
import { beijingParts, formatDateTime, type Locale } from '../lib/time.ts';
import { queueMailQuery } from '../mail/outbox.ts';
import { invitationMail, reminderMail, type UnitMailInput } from './compose.ts';
import { listRoster, type RosterRefusal, rosterError } from './roster.ts';
import { collectDraftUnits, exampleReference, type UnitBlock } from './units.ts';

/** What invitations and reminders need to know about the site. */
export interface OutboundSettings {
  /** PUBLIC_BASE_URL, without a trailing slash. */
  publicBaseUrl: string;
  /** MAIL_DOMAIN. */
  mailDomain: string;
}

/** The draft's public page. */
export function consultationUrl(publicBaseUrl: string, slug: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/consultations/${encodeURIComponent(slug)}`;
}

function contactLine(c: Consultation): string | null {
  const parts = [c.contact_person, c.contact_phone].filter((p): p is string => Boolean(p?.trim()));
  return parts.length ? parts.join(' ') : null;
}

function mailBase(c: Consultation, unitName: string, blocks: UnitBlock[], settings: OutboundSettings, locale: Locale): UnitMailInput {
  return {
    locale,
    unitName,
    title: c.title,
    issuer: c.issuer,
    url: consultationUrl(settings.publicBaseUrl, c.slug),
    closesAt: new Date(c.closes_at!),
    replyAddress: intakeAddress(c, settings.mailDomain),
    example: exampleReference(blocks),
    contact: contactLine(c),
  };
}

export interface InvitationReport {
  /** Units invited now, with the addresses written to. */
  queued: { unitId: number; name: string; addresses: string[] }[];
  /** Units on the roster nobody can write to yet: give them an address, then invite again. */
  withoutAddress: { unitId: number; name: string }[];
  /** Units invited before; not written to again. */
  alreadyInvited: { unitId: number; name: string }[];
}

/**
 * Queues an invitation to every unit on the roster that has an address and has not been invited
 * (or only to `unitIds`), one message per address, records each address it went to
 * (invitation_addresses), and sets invited_at, all in one batch.
 * Refused (409) unless the consultation is published and not closed.
 */
export async function queueInvitations(db: AppDatabase, input: InvitationInput, options: { t?: Translate } = {}): Promise<InvitationReport> {
  const plan = await planInvitations(db, input);
  if (!plan.ok) throw rosterError(plan, options.t ?? translator('zh-CN'));
  if (plan.queries.length) await db.batch(plan.queries);
  return plan.report;
}

export interface InvitationInput {
  consultationId: number;
  settings: OutboundSettings;
  now: Date;
  unitIds?: number[];
  /** The invitations' language (and the closing time's in a refusal). */
  locale?: Locale;
}

/** queueInvitations as queries, for a caller that writes them in a larger batch; refused as it would throw. */
export async function planInvitations(db: AppDatabase, input: InvitationInput): Promise<{ ok: true; queries: CompiledQuery[]; report: InvitationReport } | RosterRefusal> {
  const consultation = await findConsultationById(db, input.consultationId);
  if (!consultation) return { ok: false, code: 'consultation_not_found' };
  const window = consultationWindow(consultation);
  const phase = window.phase(input.now);
  if (phase === 'draft') return { ok: false, code: 'not_published' };
  if (phase === 'closed') {
    const closes = formatDateTime(window.closedEarlyAt ?? window.closesAt!, input.locale ?? 'zh-CN');
    return { ok: false, code: 'closed', params: { closes } };
  }
  const blocks = await listBlocks(db, consultation.id);
  const named = new Map(collectDraftUnits(blocks).units.map((u) => [u.name, u]));
  const roster = (await listRoster(db, consultation.id)).filter((r) => !input.unitIds || input.unitIds.includes(r.unitId));
  const report: InvitationReport = { queued: [], withoutAddress: [], alreadyInvited: [] };
  const k = db.kysely;
  const at = input.now.toISOString();
  const queries: CompiledQuery[] = [];
  for (const entry of roster) {
    if (entry.invitedAt) {
      report.alreadyInvited.push({ unitId: entry.unitId, name: entry.name });
      continue;
    }
    if (!entry.addresses.length) {
      report.withoutAddress.push({ unitId: entry.unitId, name: entry.name });
      continue;
    }
    const draftUnit = named.get(entry.name);
    const mail = invitationMail({
      ...mailBase(consultation, entry.name, blocks, input.settings, input.locale ?? 'zh-CN'),
      leadIn: draftUnit?.leadIn ?? [],
      supportIn: draftUnit?.supportIn ?? [],
    });
    for (const address of entry.addresses) {
      // The address is remembered with the consultation: a reply from it is this unit's.
      queries.push(
        k
          .insertInto('invitation_addresses')
          .values({ consultation_id: consultation.id, unit_id: entry.unitId, email: address, invited_at: at })
          .onConflict((oc) => oc.columns(['consultation_id', 'email']).doNothing())
          .compile(),
      );
      queries.push(
        queueMailQuery(
          k,
          {
            kind: 'invitation',
            dedupeKey: `invite:${consultation.id}:${entry.unitId}:${address.toLowerCase()}`,
            consultationId: consultation.id,
            to: address,
            subject: mail.subject,
            text: mail.text,
            headers: mail.headers,
          },
          input.now,
        ),
      );
    }
    queries.push(k.updateTable('roster_entries').set({ invited_at: at }).where('id', '=', entry.entryId).where('invited_at', 'is', null).compile());
    report.queued.push({ unitId: entry.unitId, name: entry.name, addresses: entry.addresses });
  }
  return { ok: true, queries, report };
}

/** Units are not reminded the same day they were invited. */
const MIN_MS_AFTER_INVITATION = 24 * 60 * 60 * 1000;

/**
 * When the reminder goes: 09:00 Beijing time, `reminderDays` calendar days before the closing
 * day (a deadline of 12 Dec 23:59 with 3 days: 9 Dec 09:00). Null when reminders are off (0).
 */
export function reminderDueAt(closesAt: Date, reminderDays: number): Date | null {
  if (reminderDays <= 0) return null;
  const p = beijingParts(closesAt);
  const closingDay = Date.UTC(p.year, p.month - 1, p.day);
  const day = new Date(closingDay - reminderDays * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return new Date(`${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}T09:00:00+08:00`);
}

export interface ReminderReport {
  queued: { consultationId: number; unitId: number; name: string; addresses: string[] }[];
}

/**
 * Queues the one reminder each invited, still silent unit gets (response 'none', no comments),
 * once the reminder time of an open, published consultation has come, and sets reminded_at.
 * One message per unit, to all its addresses. Run by the mail scheduler every minute.
 */
export async function queueDueReminders(db: AppDatabase, input: { settings: OutboundSettings; now: Date }): Promise<ReminderReport> {
  const report: ReminderReport = { queued: [] };
  const consultations = await db.kysely
    .selectFrom('consultations')
    .selectAll()
    .where('state', '=', 'published')
    .where('reminder_days', '>', 0)
    .where('closes_at', '>=', input.now.toISOString())
    .execute();
  const k = db.kysely;
  const at = input.now.toISOString();
  const queries: CompiledQuery[] = [];
  for (const consultation of consultations) {
    if (!consultationWindow(consultation).isOpen(input.now)) continue;
    const due = reminderDueAt(new Date(consultation.closes_at!), consultation.reminder_days);
    if (!due || input.now.getTime() < due.getTime()) continue;
    const silent = (await listRoster(db, consultation.id)).filter(
      (r) =>
        r.status === 'none' &&
        r.remindedAt === null &&
        r.invitedAt !== null &&
        input.now.getTime() - Date.parse(r.invitedAt) >= MIN_MS_AFTER_INVITATION &&
        r.addresses.length > 0,
    );
    if (!silent.length) continue;
    const blocks = await listBlocks(db, consultation.id);
    for (const entry of silent) {
      const mail = reminderMail(mailBase(consultation, entry.name, blocks, input.settings, 'zh-CN'));
      queries.push(
        queueMailQuery(
          k,
          {
            kind: 'reminder',
            dedupeKey: `remind:${consultation.id}:${entry.unitId}`,
            consultationId: consultation.id,
            to: entry.addresses.join(', '),
            subject: mail.subject,
            text: mail.text,
            headers: mail.headers,
          },
          input.now,
        ),
        k
          .updateTable('roster_entries')
          .set({ reminded_at: at })
          .where('id', '=', entry.entryId)
          .where('reminded_at', 'is', null)
          .where('response', '=', 'none')
          .compile(),
      );
      report.queued.push({ consultationId: consultation.id, unitId: entry.unitId, name: entry.name, addresses: entry.addresses });
    }
  }
  if (queries.length) await db.batch(queries);
  return report;
}
