// Every real document of the corpus (tests/fixtures/corpus, provenance in its manifest) parsed in the
// three forms a drafting office pastes: as published, as plain text, as single-newline web text.
// A document is exact, ambiguous-and-reported (only heading levels differ that the text does not show,
// each named with its line in the import report, and the officer raises or lowers them in the
// structure editor), or wrong. Exact plus ambiguous-and-reported must reach 99% in every form.
import { describe, expect, it } from 'vitest';
import { parseDraft } from '../../src/drafts/parse.ts';
import { FORMS, type Form, type Verdict, compare, corpusAvailable, formText, loadCorpus, verdict } from '../helpers/corpus.ts';

const THRESHOLD = 0.99;
const available = corpusAvailable();
if (!available) {
  console.warn('[corpus] skipped: tests/fixtures/corpus/docs and expected/ are not here (they are not committed; tests/fixtures/corpus/README.md says where they come from)');
}

const FORM_NAMES: Record<Form, string> = { published: 'as published', plain: 'as plain text', web: 'as single-newline web text' };

describe.skipIf(!available)('the real-document corpus', () => {
  const corpus = available ? loadCorpus() : [];

  it('has at least 400 documents', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(400);
  });

  for (const form of FORMS) {
    it(`reads ≥ ${THRESHOLD * 100}% of documents exactly (or ambiguous and reported) ${FORM_NAMES[form]}`, () => {
      const byVerdict: Record<Verdict, { id: string; lines: string[] }[]> = { exact: [], ambiguous: [], wrong: [] };
      for (const doc of corpus) {
        const text = formText(doc, form);
        const draft = parseDraft(text, form === 'published' && doc.entry.format === 'markdown' ? { format: 'markdown' } : {});
        const comparison = compare(doc, form, draft);
        byVerdict[verdict(comparison)].push({ id: doc.entry.id, lines: [...comparison.problems, ...comparison.reported] });
      }
      const { exact, ambiguous, wrong } = byVerdict;
      const accepted = (exact.length + ambiguous.length) / corpus.length;
      console.log(
        `[corpus] ${form}: exact ${exact.length}, ambiguous-and-reported ${ambiguous.length}, wrong ${wrong.length} of ${corpus.length} ` +
          `(exact ${((exact.length / corpus.length) * 100).toFixed(1)}%, accepted ${(accepted * 100).toFixed(1)}%)`,
      );
      for (const doc of ambiguous) console.log(`  ambiguous-and-reported ${doc.id}: ${doc.lines.join(' | ')}`);
      for (const doc of wrong) console.log(`  wrong ${doc.id}: ${doc.lines.join(' | ')}`);
      expect(accepted).toBeGreaterThanOrEqual(THRESHOLD);
    });
  }
});
