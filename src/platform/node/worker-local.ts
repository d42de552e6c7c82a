// The local Worker's data (workerd's D1 and R2 under .wrangler/state, or --persist-to): migrated
// with wrangler, and loaded with the sample consultations the way `npm start` loads them — into a
// Node SQLite file first, then through the same export an office uses to move to D1 + R2.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSamples } from '../../../seeds/samples.ts';
import { openMigratedDatabase } from './data-dir.ts';
import { exportForD1 } from './d1-export.ts';
import { readSampleDocuments } from './project-files.ts';
import { applyD1Migrations, executeD1File, type LocalState, putR2Object, queryD1 } from './wrangler.ts';

export const R2_BUCKET = 'yijian-files';

/** Applies migrations/*.sql to the local D1; loads the samples when it has no consultation yet. */
export async function prepareLocalWorkerData(where: LocalState, options: { samples: boolean; now?: Date; log?: (line: string) => void }): Promise<{ loaded: boolean }> {
  const log = options.log ?? (() => {});
  await applyD1Migrations(where);
  if (!options.samples) return { loaded: false };
  const [row] = await queryD1<{ n: number }>('SELECT count(*) AS n FROM consultations', where);
  if (Number(row?.n ?? 0) > 0) return { loaded: false };
  const work = mkdtempSync(join(tmpdir(), 'yijian-samples-'));
  try {
    const { db } = openMigratedDatabase(join(work, 'node'));
    let slugs: string[];
    try {
      slugs = await loadSamples(db, readSampleDocuments(), options.now ?? new Date());
    } finally {
      await db.close();
    }
    const reopened = openMigratedDatabase(join(work, 'node'));
    const summary = exportForD1(reopened.db.raw, join(work, 'export'));
    await reopened.db.close();
    await executeD1File(summary.sqlFile, where);
    for (const object of summary.objects) await putR2Object(R2_BUCKET, object.key, object.file, where);
    log(`已载入示例征求意见 / sample consultations loaded: ${slugs.join(', ')}`);
    return { loaded: true };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
