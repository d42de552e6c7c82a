// Every real document of the corpus (tests/fixtures/corpus, provenance in its manifest) parsed in the
// three forms a drafting office pastes: as published, as plain text, as single-newline web text.
import { describe, expect, it } from 'vitest';
import { parseDraft } from '../../src/drafts/parse.ts';
import { FORMS, type Form, compare, corpusAvailable, formText, loadCorpus } from '../helpers/corpus.ts';

const THRESHOLD = 0.99;

describe.skipIf(!corpusAvailable())('the real-document corpus', () => {
  const corpus = corpusAvailable() ? loadCorpus() : [];

  it('has at least 400 documents', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(400);
  });

  for (const form of FORMS) {
    it(`reads ≥ ${THRESHOLD * 100}% of documents exactly ${form === 'published' ? 'as published' : form === 'plain' ? 'as plain text' : 'as single-newline web text'}`, () => {
      const failures: { id: string; problems: string[] }[] = [];
      for (const doc of corpus) {
        const text = formText(doc, form as Form);
        const draft = parseDraft(text, form === 'published' && doc.entry.format === 'markdown' ? { format: 'markdown' } : {});
        const problems = compare(doc, form as Form, draft);
        if (problems.length) failures.push({ id: doc.entry.id, problems });
      }
      const exact = corpus.length - failures.length;
      const share = exact / corpus.length;
      console.log(`[corpus] ${form}: ${exact}/${corpus.length} exact (${(share * 100).toFixed(1)}%)`);
      for (const failure of failures) console.log(`  ${failure.id}: ${failure.problems.join(' | ')}`);
      expect(share).toBeGreaterThanOrEqual(THRESHOLD);
    });
  }
});
