// npm run bench:parse — the importer over the real-document corpus (tests/fixtures/corpus) in one
// process: documents per second in each form, the median document's time, and the largest
// document's time. Targets: ≥ 1,000 documents/s at median size; the largest (≈ 300 KB, ≈ 700+
// articles) under 50 ms. Prints figures; asserts nothing.
import { parseDraft } from '../src/drafts/parse.ts';
import { FORMS, corpusAvailable, formText, loadCorpus } from '../tests/helpers/corpus.ts';

if (!corpusAvailable()) {
  console.log('bench:parse — the corpus texts are not here (tests/fixtures/corpus/docs); nothing to measure.');
  process.exit(0);
}

const corpus = loadCorpus();
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const kb = (chars: number) => `${Math.round(chars / 1024)} K chars`;

function countArticles(nodes: ReturnType<typeof parseDraft>['body']): number {
  let n = 0;
  for (const node of nodes) n += (node.kind === 'article' ? 1 : 0) + countArticles(node.children);
  return n;
}

// Warm the JIT on every document once, as a long-running server would be.
for (const doc of corpus) parseDraft(formText(doc, 'published'));

console.log(`bench:parse — ${corpus.length} documents, ${ROUNDS} rounds per form, one process (Node ${process.version})`);
for (const form of FORMS) {
  const texts = corpus.map((doc) => formText(doc, form));
  const times: number[] = texts.map(() => Infinity);
  const start = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    texts.forEach((text, i) => {
      const t0 = performance.now();
      parseDraft(text);
      times[i] = Math.min(times[i]!, performance.now() - t0);
    });
  }
  const total = performance.now() - start;
  const perSecond = (corpus.length * ROUNDS) / (total / 1000);
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const medianChars = [...texts.map((t) => t.length)].sort((a, b) => a - b)[Math.floor(texts.length / 2)]!;
  console.log(
    `  ${form.padEnd(9)} ${Math.round(perSecond).toLocaleString('en')} documents/s over the corpus; median document ${median.toFixed(2)} ms (${Math.round(1000 / median).toLocaleString('en')}/s at the median size, ${kb(medianChars)}); p95 ${sorted[Math.floor(sorted.length * 0.95)]!.toFixed(2)} ms`,
  );
}

const largest = corpus.reduce((a, b) => (b.source.length > a.source.length ? b : a));
const largestTimes: number[] = [];
for (let i = 0; i < 20; i++) {
  const t0 = performance.now();
  parseDraft(largest.source);
  largestTimes.push(performance.now() - t0);
}
largestTimes.sort((a, b) => a - b);
const parsed = parseDraft(largest.source);
console.log(
  `  largest: ${largest.entry.id} (${largest.entry.source.path}), ${kb(largest.source.length)} (${Math.round(Buffer.byteLength(largest.source) / 1024)} KB), ${countArticles(parsed.body)} articles: median ${largestTimes[10]!.toFixed(1)} ms, worst ${largestTimes.at(-1)!.toFixed(1)} ms (target < 50 ms)`,
);
