// What the pipeline knows about consultations and units: every published consultation with its
// intake addresses, window, paragraphs and roster, and every unit with its addresses. Read from the
// database and kept per database until one cheap query says something changed.
import { sql } from 'kysely';
import type { AppDatabase } from '../../db/database.ts';
import type { Block } from '../../db/schema.ts';
import { consultationWindow } from '../../drafts/window.ts';
import { generalAddress, intakeAddress } from '../addresses.ts';
import type { IntakeConsultation, IntakeUnit } from '../types.ts';

export interface IntakeDirectory {
  /** Changes whenever anything below does: a reader elsewhere keeps its copy until it changes. */
  stamp: string;
  consultations: IntakeConsultation[];
  units: IntakeUnit[];
  /** Lower-cased address → consultation ids that receive mail there. */
  addressIndex: Map<string, number[]>;
  slugs: Map<number, string>;
  titles: Map<number, string>;
  moderation: Map<number, 'pre' | 'post'>;
  blocks: Map<number, Block>;
}

// One cheap query decides whether the directory must be reloaded: it changes whenever a
// consultation is published, edited (version), re-timed or re-addressed, or units (renamed or
// merged too), addresses, rosters or invitations change.
const DIRECTORY_STAMP = sql<{ stamp: string | null }>`SELECT
  (SELECT group_concat(id || ':' || version || ':' || state || ':' || ifnull(closes_at, '') || ':' || ifnull(closed_early_at, '') || ':'
     || ifnull(opens_at, '') || ':' || ifnull(intake_local, '') || ':' || ifnull(contact_email, ''), ',') FROM consultations)
  || '|' || (SELECT ifnull(group_concat(id || ':' || name, ','), '') FROM units)
  || '|' || (SELECT count(*) || ':' || ifnull(max(id), 0) || ':' || ifnull(sum(unit_id), 0) FROM unit_addresses)
  || '|' || (SELECT count(*) || ':' || ifnull(max(id), 0) || ':' || ifnull(sum(unit_id), 0) FROM roster_entries)
  || '|' || (SELECT count(*) || ':' || ifnull(max(id), 0) || ':' || ifnull(sum(unit_id), 0) FROM invitation_addresses) AS stamp`;

const directoryCache = new WeakMap<AppDatabase, { stamp: string; domain: string; directory: IntakeDirectory }>();

export async function loadIntakeDirectory(db: AppDatabase, mailDomain: string): Promise<IntakeDirectory> {
  const stamp = (await DIRECTORY_STAMP.execute(db.kysely)).rows[0]?.stamp ?? '';
  const cached = directoryCache.get(db);
  if (cached && cached.stamp === stamp && cached.domain === mailDomain) return cached.directory;

  const [consultations, blocks, units, addresses, roster, invited] = await Promise.all([
    db.kysely.selectFrom('consultations').select(['id', 'slug', 'title', 'intake_local', 'contact_email', 'moderation', 'state', 'opens_at', 'closes_at', 'closed_early_at']).where('state', '=', 'published').orderBy('id').execute(),
    // Mail is read against the text now published (a consultation's current version).
    db.kysely
      .selectFrom('blocks')
      .innerJoin('consultations', 'consultations.id', 'blocks.consultation_id')
      .selectAll('blocks')
      .where('consultations.state', '=', 'published')
      .whereRef('blocks.version_id', '=', 'consultations.current_version_id')
      .orderBy('blocks.position')
      .execute(),
    db.kysely.selectFrom('units').select(['id', 'name']).orderBy('id').execute(),
    db.kysely.selectFrom('unit_addresses').select(['unit_id', 'email']).execute(),
    db.kysely.selectFrom('roster_entries').select(['consultation_id', 'unit_id']).execute(),
    db.kysely.selectFrom('invitation_addresses').select(['consultation_id', 'unit_id', 'email']).execute(),
  ]);
  const directory: IntakeDirectory = {
    stamp: `${mailDomain}|${stamp}`,
    consultations: [],
    units: units.map((u) => ({ id: u.id, name: u.name, addresses: addresses.filter((a) => a.unit_id === u.id).map((a) => a.email.toLowerCase()) })),
    addressIndex: new Map(),
    slugs: new Map(),
    titles: new Map(),
    moderation: new Map(),
    blocks: new Map(blocks.map((b) => [b.id, b])),
  };
  const blocksByConsultation = new Map<number, Block[]>();
  for (const b of blocks) {
    const list = blocksByConsultation.get(b.consultation_id) ?? [];
    list.push(b);
    blocksByConsultation.set(b.consultation_id, list);
  }
  for (const c of consultations) {
    const window = consultationWindow(c);
    const addressList = [intakeAddress(c, mailDomain), ...(c.contact_email ? [c.contact_email.trim().toLowerCase()] : [])];
    for (const address of addressList) directory.addressIndex.set(address, [...(directory.addressIndex.get(address) ?? []), c.id]);
    directory.slugs.set(c.id, c.slug);
    directory.titles.set(c.id, c.title);
    directory.moderation.set(c.id, c.moderation);
    directory.consultations.push({
      id: c.id,
      slug: c.slug,
      title: c.title,
      addresses: addressList,
      opensAt: window.opensAt,
      closesAt: window.closedEarlyAt && window.closesAt && window.closedEarlyAt < window.closesAt ? window.closedEarlyAt : window.closesAt,
      blocks: (blocksByConsultation.get(c.id) ?? []).map((b) => ({
        id: b.id,
        kind: b.kind,
        label: b.label,
        number: b.number,
        title: b.title,
        text: b.text,
        key: b.key,
        parentId: b.parent_id,
      })),
      rosterUnitIds: roster.filter((r) => r.consultation_id === c.id).map((r) => r.unit_id),
      invitedAddresses: invited.filter((i) => i.consultation_id === c.id).map((i) => ({ address: i.email.toLowerCase(), unitId: i.unit_id })),
    });
  }
  directoryCache.set(db, { stamp, domain: mailDomain, directory });
  return directory;
}

/** Whether our SMTP listener takes mail for this address: a consultation's, or the general one. */
export async function isIntakeAddress(db: AppDatabase, mailDomain: string, address: string): Promise<boolean> {
  const normalised = address.trim().toLowerCase();
  if (normalised === generalAddress(mailDomain)) return true;
  const directory = await loadIntakeDirectory(db, mailDomain);
  return directory.addressIndex.has(normalised);
}

/** A published consultation mail can be filed under, by id; null for any other id. */
export async function findFilingConsultation(db: AppDatabase, mailDomain: string, id: number): Promise<{ id: number; slug: string; title: string } | null> {
  const directory = await loadIntakeDirectory(db, mailDomain);
  const slug = directory.slugs.get(id);
  return slug === undefined ? null : { id, slug, title: directory.titles.get(id) ?? '' };
}
