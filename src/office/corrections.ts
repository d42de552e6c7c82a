// Correcting a draft's structure before it is published: the officer's action becomes a
// Correction (./structure.ts, pure), and the outline it gives replaces the stored blocks in one
// batch with the updated import report and the audit entry.
import type { Actor } from '../auth/audit.ts';
import type { Consultation } from '../db/schema.ts';
import { consultationReport, listBlocks } from '../drafts/store.ts';
import { type OfficeDeps, type Refused, writeChange } from './commands.ts';
import { blocksToOutline, countCommentsOnBlocks, reportWithStats, rewriteBlocksQueries } from './store.ts';
import { applyCorrection, type Correction, CorrectionError, type CorrectionErrorCode, type OutlineEntry, outlineStats } from './structure.ts';

export const STRUCTURE_ACTIONS = ['merge', 'indent', 'outdent', 'to-heading', 'to-paragraph', 'edit', 'split', 'restore'] as const;
export type StructureAction = (typeof STRUCTURE_ACTIONS)[number];

export type StructureChange =
  | { action: 'merge' | 'indent' | 'outdent' | 'to-heading' | 'to-paragraph'; key: string }
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
  if (row.state !== 'draft') return { ok: false, code: 'notDraft' };

  const report = consultationReport(row);
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
    case 'restore': {
      const item = report.setAside.find((s) => s.line === change.line);
      if (!item) return { ok: false, code: 'unknownLine' };
      correction = { type: 'restore', line: change.line, text: item.text };
      nextReport = { ...report, setAside: report.setAside.filter((s) => s !== item) };
      break;
    }
  }

  const blocks = await listBlocks(db, row.id);
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

  const written = await writeChange(deps, input, deps.clock(), {
    set: { import_report_json: JSON.stringify(reportWithStats(nextReport, outlineStats(after))) },
    alongside: rewriteBlocksQueries(db.kysely, row.id, blocks, after),
    action: 'correct-structure',
    detail: { action: change.action, ...(change.action === 'restore' ? { line: change.line } : { key: change.key }), blocks: after.length },
  });
  if (!written) return { ok: false, code: 'stale' };
  const anchor = change.action === 'restore' ? (after.find((e) => e.sourceLine === change.line && e.id === null)?.key ?? null) : change.key;
  return { ok: true, action: change.action, anchor };
}
