// Correcting a draft's structure before it is published: the officer's action becomes a
// Correction (./structure.ts, pure), and the outline it gives replaces the stored blocks in one
// batch with the updated import report and the audit entry.
import type { Actor } from '../auth/audit.ts';
import type { Consultation } from '../db/schema.ts';
import { findWorkingVersion, listVersionBlocks, versionReport } from '../drafts/store.ts';
import { type OfficeDeps, type Refused, writeChange } from './commands.ts';
import { blocksToOutline, countCommentsOnBlocks, reportWithStats, rewriteBlocksQueries } from './store.ts';
import { importMessageZh } from '../lib/messages/import.ts';
import { applyCorrection, type Correction, CorrectionError, type CorrectionErrorCode, deletedText, type OutlineEntry, outlineStats, removedEntries } from './structure.ts';

export const STRUCTURE_ACTIONS = ['merge', 'indent', 'outdent', 'to-heading', 'to-paragraph', 'edit', 'split', 'restore', 'delete', 'level-raise', 'level-lower'] as const;
export type StructureAction = (typeof STRUCTURE_ACTIONS)[number];

export type StructureChange =
  | { action: 'merge' | 'indent' | 'outdent' | 'to-heading' | 'to-paragraph'; key: string }
  /** Takes a block and what is under it out; their text goes to the import report, restorable. */
  | { action: 'delete'; key: string }
  /** Raises or lowers every heading at one depth, each with what is under it. */
  | { action: 'level-raise' | 'level-lower'; depth: number }
  | { action: 'edit'; key: string; label: string; title: string; text: string }
  /** The block's text with blank lines where it is to be split. */
  | { action: 'split'; key: string; parts: string }
  /** A line the importer set aside, put back where it stood. */
  | { action: 'restore'; line: number };

export type CorrectionRefusal = CorrectionErrorCode | 'notDraft' | 'unknownLine' | 'hasComments' | 'stale';

export async function correctStructure(
  deps: OfficeDeps,
  input: { consultation: Consultation; version: number; change: StructureChange; actor: Actor },
): Promise<{ ok: true; action: StructureAction; anchor: string | null } | Refused<CorrectionRefusal>> {
  const { db } = deps;
  const row = input.consultation;
  const { change } = input;
  // The text being prepared: version 1 before the consultation is published, a revision after.
  const version = await findWorkingVersion(db, row.id);
  if (!version || version.state !== 'draft') return { ok: false, code: 'notDraft' };

  const report = versionReport(version);
  let nextReport = report;
  let correction: Correction;
  switch (change.action) {
    case 'merge':
    case 'indent':
    case 'outdent':
      correction = { type: change.action, key: change.key };
      break;
    case 'to-heading':
    case 'to-paragraph':
      correction = { type: 'kind', key: change.key, kind: change.action === 'to-heading' ? 'heading' : 'paragraph' };
      break;
    case 'edit':
      correction = { type: 'edit', key: change.key, label: change.label, title: change.title, text: change.text };
      break;
    case 'split':
      correction = { type: 'split', key: change.key, parts: change.parts.replace(/\r\n?/g, '\n').split(/\n[ \t\u3000]*\n/) };
      break;
    case 'delete':
      correction = { type: 'delete', key: change.key };
      break;
    case 'level-raise':
    case 'level-lower':
      correction = { type: 'level', depth: change.depth, direction: change.action === 'level-raise' ? 'raise' : 'lower' };
      break;
    case 'restore': {
      const item = report.setAside.find((s) => s.line === change.line);
      if (!item) return { ok: false, code: 'unknownLine' };
      correction = { type: 'restore', line: change.line, text: item.text };
      nextReport = { ...report, setAside: report.setAside.filter((s) => s !== item) };
      break;
    }
  }

  const blocks = await listVersionBlocks(db, version.id);
  let after: OutlineEntry[];
  try {
    after = applyCorrection(blocksToOutline(blocks), correction);
  } catch (error) {
    if (error instanceof CorrectionError) return { ok: false, code: error.code };
    throw error;
  }
  const kept = new Set(after.map((e) => e.id));
  const removed = blocks.filter((b) => !kept.has(b.id)).map((b) => b.id);
  if ((await countCommentsOnBlocks(db, removed)) > 0) return { ok: false, code: 'hasComments' };
  if (change.action === 'delete') {
    // A deleted block's text goes to the import report, where it can be restored like any set-aside line.
    const deleted = removedEntries(blocksToOutline(blocks), after).map((entry) => ({
      line: entry.sourceLine ?? 0,
      text: deletedText(entry),
      code: 'deleted-block',
      message: importMessageZh('import.setAside.deleted-block'),
    }));
    nextReport = { ...report, setAside: [...report.setAside, ...deleted].sort((a, b) => a.line - b.line) };
  }

  const reportJson = JSON.stringify(reportWithStats(nextReport, outlineStats(after)));
  const written = await writeChange(deps, input, deps.clock(), {
    // The consultation keeps its current version's report; a revision's is its own until published.
    set: version.id === row.current_version_id ? { import_report_json: reportJson } : {},
    alongside: [
      db.kysely.updateTable('consultation_versions').set({ import_report_json: reportJson }).where('id', '=', version.id).compile(),
      ...rewriteBlocksQueries(db.kysely, { consultationId: row.id, versionId: version.id }, blocks, after),
    ],
    action: 'correct-structure',
    detail: { version: version.number, action: change.action, ...('line' in change ? { line: change.line } : 'depth' in change ? { depth: change.depth } : { key: change.key }), blocks: after.length },
  });
  if (!written) return { ok: false, code: 'stale' };
  const anchor =
    change.action === 'restore' ? (after.find((e) => e.sourceLine === change.line && e.id === null)?.key ?? null) : 'key' in change && change.action !== 'delete' ? change.key : null;
  return { ok: true, action: change.action, anchor };
}
