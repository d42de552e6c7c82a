// The office's word on one block of a revision: where it really comes from, when the computed
// correspondence is wrong, and the reason for the change (修改理由) that the 修改对照表 prints.
// One batch with its audit entry, applied only to the consultation version the caller saw.
import type { Actor } from '../auth/audit.ts';
import type { Consultation } from '../db/schema.ts';
import { findVersion, listVersionBlocks } from '../drafts/store.ts';
import { type OfficeDeps, type Refused, writeChange } from './commands.ts';

export const MAX_REASON = 2000;

export type BlockChangeRefusal = 'noRevision' | 'unknownBlock' | 'unknownSource' | 'reasonTooLong' | 'stale';

export interface BlockChangeInput {
  consultation: Consultation;
  version: number;
  /** The revision (version 2 or later) the note is about. */
  revision: number;
  /**
   * The block: a key of the revision's, or — for a block the revision removed — a key of the
   * version before, with `removed` set.
   */
  key: string;
  removed: boolean;
  /**
   * Keys of the previous version's blocks this block comes from; [] says it is new; null leaves
   * the computed correspondence. Ignored for a removed block.
   */
  sources: string[] | null;
  reason: string;
  actor: Actor;
}

export async function saveBlockChange(deps: OfficeDeps, input: BlockChangeInput): Promise<{ ok: true } | Refused<BlockChangeRefusal>> {
  const { db } = deps;
  const row = input.consultation;
  const revision = await findVersion(db, row.id, input.revision);
  const previous = revision && revision.number > 1 ? await findVersion(db, row.id, revision.number - 1) : undefined;
  if (!revision || !previous) return { ok: false, code: 'noRevision' };
  const reason = input.reason.trim();
  if ([...reason].length > MAX_REASON) return { ok: false, code: 'reasonTooLong', params: { max: MAX_REASON } };

  const [earlier, revised] = await Promise.all([listVersionBlocks(db, previous.id), listVersionBlocks(db, revision.id)]);
  const block = (input.removed ? earlier : revised).find((b) => b.key === input.key);
  if (!block) return { ok: false, code: 'unknownBlock' };
  let sources: number[] | null = null;
  if (!input.removed && input.sources !== null) {
    const byKey = new Map(earlier.map((b) => [b.key, b.id]));
    sources = [];
    for (const key of input.sources) {
      const id = byKey.get(key);
      if (id === undefined) return { ok: false, code: 'unknownSource', params: { key } };
      if (!sources.includes(id)) sources.push(id);
    }
  }

  const now = deps.clock();
  const iso = now.toISOString();
  const values = { sources_json: sources === null ? null : JSON.stringify(sources), reason: reason || null, updated_at: iso, updated_by: input.actor.officerId };
  const written = await writeChange(deps, input, now, {
    set: {},
    alongside: [
      db.kysely
        .insertInto('block_changes')
        .values({ version_id: revision.id, block_id: block.id, ...values })
        .onConflict((oc) => oc.columns(['version_id', 'block_id']).doUpdateSet(values))
        .compile(),
    ],
    action: 'note-change',
    detail: { revision: revision.number, key: input.key, removed: input.removed, sources: input.sources, reason: reason.length },
  });
  return written ? { ok: true } : { ok: false, code: 'stale' };
}
