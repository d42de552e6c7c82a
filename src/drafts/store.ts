// Data access for consultations and their blocks. Plain verb-first functions over Kysely.
import { type CompiledQuery, type Kysely, sql, type ValueExpression } from 'kysely';
import type { AppDatabase } from '../db/database.ts';
import { parseJson } from '../db/database.ts';
import type { Block, Consultation, ConsultationVersion, Database } from '../db/schema.ts';
import { searchKey } from '../lib/chinese.ts';
import type { DraftFormat, DraftMeta, DraftNode, ImportReport, ParsedDraft, ParsedNode } from './parse-types.ts';

export interface StoreDraftInput {
  slug: string;
  title: string;
  parsed: ParsedDraft;
  sourceText: string;
  sourceFormat: DraftFormat;
  state: 'draft' | 'published';
  opensAt: Date | null;
  closesAt: Date | null;
  moderation?: 'pre' | 'post';
  requireName?: boolean;
  issuer?: string | null;
  contactEmail?: string | null;
  now: Date;
}

interface FlatBlock {
  node: ParsedNode;
  parentKey: string | null;
  position: number;
  depth: number;
}

export function flattenTree(nodes: ParsedNode[]): FlatBlock[] {
  const rows: FlatBlock[] = [];
  const walk = (list: ParsedNode[], parentKey: string | null, depth: number) => {
    for (const node of list) {
      rows.push({ node, parentKey, position: rows.length + 1, depth });
      walk(node.children, node.id, depth + 1);
    }
  };
  walk(nodes, null, 0);
  return rows;
}

function blockSearchText(node: DraftNode): string {
  return searchKey([node.label, node.title, node.text].filter(Boolean).join(' '));
}

/** A row id, given or found by a sub-select in the same batch. */
type IdExpression = ValueExpression<Database, 'blocks', number>;

/** Inserts for a version's blocks; parents are inserted before their children, so a sub-select finds the parent's id. */
function blockInsertQueries(db: Kysely<Database>, consultationId: IdExpression, versionId: IdExpression, body: ParsedNode[]): CompiledQuery[] {
  return flattenTree(body).map((row) => {
    const { node } = row;
    return db
      .insertInto('blocks')
      .values({
        consultation_id: consultationId,
        version_id: versionId,
        key: node.id,
        parent_id: row.parentKey === null ? null : db.selectFrom('blocks').select('id').where('version_id', '=', versionId).where('key', '=', row.parentKey),
        position: row.position,
        depth: row.depth,
        kind: node.kind,
        label: node.label,
        number: node.number,
        title: node.title,
        text: node.text,
        lead_units: JSON.stringify(node.responsible.lead),
        support_units: JSON.stringify(node.responsible.support),
        source_line: node.line,
        source_text: node.source,
        search_text: blockSearchText(node),
      })
      .compile();
  });
}

/** One consultation, its version 1 and all its blocks, as queries for a single atomic batch. */
export function storeDraftQueries(db: Kysely<Database>, input: StoreDraftInput): CompiledQuery[] {
  const { parsed, now } = input;
  const iso = now.toISOString();
  const consultationId = db.selectFrom('consultations').select('id').where('slug', '=', input.slug);
  const versionId = db.selectFrom('consultation_versions').select('id').where('consultation_id', '=', consultationId).where('number', '=', 1);
  return [
    db
      .insertInto('consultations')
      .values({
        slug: input.slug,
        title: input.title,
        issuer: input.issuer ?? parsed.meta.issuer ?? parsed.meta.drafter,
        state: input.state,
        opens_at: input.opensAt?.toISOString() ?? null,
        closes_at: input.closesAt?.toISOString() ?? null,
        moderation: input.moderation ?? 'pre',
        require_name: input.requireName ? 1 : 0,
        contact_email: input.contactEmail ?? parsed.meta.email,
        contact_person: parsed.meta.contactPerson,
        contact_phone: parsed.meta.contactPhone,
        meta_json: JSON.stringify(parsed.meta),
        import_report_json: JSON.stringify(parsed.report),
        source_text: input.sourceText,
        source_format: input.sourceFormat,
        created_at: iso,
        updated_at: iso,
        published_at: input.state === 'published' ? iso : null,
      })
      .compile(),
    db
      .insertInto('consultation_versions')
      .values({
        consultation_id: consultationId,
        number: 1,
        state: input.state,
        title: input.title,
        meta_json: JSON.stringify(parsed.meta),
        import_report_json: JSON.stringify(parsed.report),
        source_text: input.sourceText,
        source_format: input.sourceFormat,
        created_at: iso,
        published_at: input.state === 'published' ? iso : null,
      })
      .compile(),
    db.updateTable('consultations').set({ current_version_id: versionId }).where('slug', '=', input.slug).compile(),
    ...blockInsertQueries(db, consultationId, versionId, parsed.body),
  ];
}

export interface StoreVersionInput {
  consultationId: number;
  number: number;
  title: string;
  parsed: ParsedDraft;
  sourceText: string;
  sourceFormat: DraftFormat;
  now: Date;
}

/** A further version of a consultation's text, unpublished, with its blocks, as queries for one batch. */
export function storeVersionQueries(db: Kysely<Database>, input: StoreVersionInput): CompiledQuery[] {
  const iso = input.now.toISOString();
  const versionId = db.selectFrom('consultation_versions').select('id').where('consultation_id', '=', input.consultationId).where('number', '=', input.number);
  return [
    db
      .insertInto('consultation_versions')
      .values({
        consultation_id: input.consultationId,
        number: input.number,
        state: 'draft',
        title: input.title,
        meta_json: JSON.stringify(input.parsed.meta),
        import_report_json: JSON.stringify(input.parsed.report),
        source_text: input.sourceText,
        source_format: input.sourceFormat,
        created_at: iso,
      })
      .compile(),
    ...blockInsertQueries(db, input.consultationId, versionId, input.parsed.body),
  ];
}

export async function storeDraft(db: AppDatabase, input: StoreDraftInput): Promise<void> {
  await db.batch(storeDraftQueries(db.kysely, input));
}

export async function findConsultationBySlug(db: AppDatabase, slug: string): Promise<Consultation | undefined> {
  return db.kysely.selectFrom('consultations').selectAll().where('slug', '=', slug).executeTakeFirst();
}

const HEAD_COLUMNS = [
  'id', 'slug', 'title', 'summary', 'issuer', 'state', 'opens_at', 'closes_at', 'closed_early_at', 'extension_reason', 'moderation',
  'require_name', 'contact_email', 'contact_person', 'contact_phone', 'meta_json', 'import_report_json', 'source_format', 'version',
  'published_comment_count', 'general_comment_count', 'created_at', 'updated_at', 'published_at', 'intake_local', 'document_kind',
  'reminder_days', 'closed_early_reason', 'results_statement', 'results_published_at', 'contacts_purged_at', 'current_version_id',
] as const;

/** Everything but the draft's source text as imported, which no page shows. */
export async function findConsultationHeadBySlug(db: AppDatabase, slug: string): Promise<Consultation | undefined> {
  const row = await db.kysely.selectFrom('consultations').select(HEAD_COLUMNS).where('slug', '=', slug).executeTakeFirst();
  return row ? { ...row, source_text: null } : undefined;
}

export async function findConsultationById(db: AppDatabase, id: number): Promise<Consultation | undefined> {
  return db.kysely.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirst();
}

export type ConsultationStamp = Pick<Consultation, 'id' | 'version' | 'state' | 'opens_at' | 'closes_at' | 'closed_early_at'>;

/** The few columns that decide whether a cached page is still current. */
export async function findConsultationStamp(db: AppDatabase, slug: string): Promise<ConsultationStamp | undefined> {
  return db.kysely
    .selectFrom('consultations')
    .select(['id', 'version', 'state', 'opens_at', 'closes_at', 'closed_early_at'])
    .where('slug', '=', slug)
    .executeTakeFirst();
}

export async function listPublishedConsultations(db: AppDatabase): Promise<Consultation[]> {
  return db.kysely.selectFrom('consultations').selectAll().where('state', '=', 'published').orderBy('closes_at', 'asc').execute();
}

export async function countConsultations(db: AppDatabase): Promise<number> {
  const row = await db.kysely.selectFrom('consultations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The consultation's current version, as an expression: what "its blocks" means where no version is named. */
export function currentVersionOf(db: Kysely<Database>, consultationId: number) {
  return db.selectFrom('consultations').select('current_version_id').where('id', '=', consultationId);
}

/** The blocks of the consultation's current version (the text /consultations/:slug shows), in document order. */
export async function listBlocks(db: AppDatabase, consultationId: number): Promise<Block[]> {
  return db.kysely
    .selectFrom('blocks')
    .selectAll()
    .where('version_id', '=', (eb) => eb.selectFrom('consultations').select('current_version_id').where('id', '=', consultationId))
    .orderBy('position', 'asc')
    .execute();
}

/** One version's blocks in document order. */
export async function listVersionBlocks(db: AppDatabase, versionId: number): Promise<Block[]> {
  return db.kysely.selectFrom('blocks').selectAll().where('version_id', '=', versionId).orderBy('position', 'asc').execute();
}

export async function findBlockByKey(db: AppDatabase, consultationId: number, key: string): Promise<Block | undefined> {
  return db.kysely
    .selectFrom('blocks')
    .selectAll()
    .where('version_id', '=', (eb) => eb.selectFrom('consultations').select('current_version_id').where('id', '=', consultationId))
    .where('key', '=', key)
    .executeTakeFirst();
}

/** Every version of a consultation, oldest first. */
export async function listVersions(db: AppDatabase, consultationId: number): Promise<ConsultationVersion[]> {
  return db.kysely.selectFrom('consultation_versions').selectAll().where('consultation_id', '=', consultationId).orderBy('number', 'asc').execute();
}

export async function findVersion(db: AppDatabase, consultationId: number, number: number): Promise<ConsultationVersion | undefined> {
  return db.kysely.selectFrom('consultation_versions').selectAll().where('consultation_id', '=', consultationId).where('number', '=', number).executeTakeFirst();
}

/** The newest version: a revision being prepared when it is a draft, otherwise the current text. */
export async function findWorkingVersion(db: AppDatabase, consultationId: number): Promise<ConsultationVersion | undefined> {
  return db.kysely.selectFrom('consultation_versions').selectAll().where('consultation_id', '=', consultationId).orderBy('number', 'desc').limit(1).executeTakeFirst();
}

export async function findVersionById(db: AppDatabase, id: number): Promise<ConsultationVersion | undefined> {
  return db.kysely.selectFrom('consultation_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findBlockById(db: AppDatabase, id: number): Promise<Block | undefined> {
  return db.kysely.selectFrom('blocks').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface BlockSearchRow {
  slug: string;
  consultation_title: string;
  key: string;
  kind: Block['kind'];
  label: string | null;
  number: number | null;
  title: string | null;
  text: string | null;
}

export async function searchPublishedBlocks(db: AppDatabase, query: string, limit = 100): Promise<BlockSearchRow[]> {
  const key = searchKey(query).replace(/[\\%_]/g, (ch) => `\\${ch}`);
  if (!key) return [];
  return db.kysely
    .selectFrom('blocks')
    .innerJoin('consultations', 'consultations.id', 'blocks.consultation_id')
    .select([
      'consultations.slug as slug',
      'consultations.title as consultation_title',
      'blocks.key as key',
      'blocks.kind as kind',
      'blocks.label as label',
      'blocks.number as number',
      'blocks.title as title',
      'blocks.text as text',
    ])
    .where('consultations.state', '=', 'published')
    .whereRef('blocks.version_id', '=', 'consultations.current_version_id')
    .where(sql<boolean>`blocks.search_text LIKE ${`%${key}%`} ESCAPE '\\'`)
    .orderBy('consultations.closes_at', 'desc')
    .orderBy('blocks.position', 'asc')
    .limit(limit)
    .execute();
}

export function consultationMeta(c: Pick<Consultation, 'meta_json'>): DraftMeta {
  return parseJson<DraftMeta>(c.meta_json, {} as DraftMeta);
}

export function versionReport(v: Pick<ConsultationVersion, 'import_report_json'>): ImportReport {
  return parseJson<ImportReport>(v.import_report_json, { setAside: [], warnings: [], glossesRemoved: 0, stats: {} as ImportReport['stats'] });
}

export function consultationReport(c: Pick<Consultation, 'import_report_json'>): ImportReport {
  return parseJson<ImportReport>(c.import_report_json, { setAside: [], warnings: [], glossesRemoved: 0, stats: {} as ImportReport['stats'] });
}

export interface TreeNode extends DraftNode {
  row: Block;
  children: TreeNode[];
}

/** Rebuilds the block tree from its ordered rows. */
export function buildTree(blocks: Block[]): TreeNode[] {
  const roots: TreeNode[] = [];
  const byId = new Map<number, TreeNode>();
  for (const row of blocks) {
    const node: TreeNode = {
      id: row.key,
      kind: row.kind,
      label: row.label,
      number: row.number,
      title: row.title,
      text: row.text,
      responsible: { lead: parseJson<string[]>(row.lead_units, []), support: parseJson<string[]>(row.support_units, []) },
      children: [],
      row,
    };
    byId.set(row.id, node);
    const parent = row.parent_id === null ? undefined : byId.get(row.parent_id);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** A node's own fields, without its children: what every public shape of a block starts from. */
export function nodeFields(node: DraftNode): Omit<DraftNode, 'children'> {
  return {
    id: node.id,
    kind: node.kind,
    label: node.label,
    number: node.number,
    title: node.title,
    text: node.text,
    responsible: { lead: [...node.responsible.lead], support: [...node.responsible.support] },
  };
}

/** The public shape of a node: what the API and `import --dry-run --json` print. */
export function toApiNode(node: DraftNode): DraftNode {
  return { ...nodeFields(node), children: node.children.map(toApiNode) };
}
