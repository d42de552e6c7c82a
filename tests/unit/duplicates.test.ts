// Near-duplicate grouping on fixtures: form letters with small edits group, people writing in
// their own words do not; and at scale the fast path finds what comparing every pair finds.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { searchKey } from '../../src/lib/chinese.ts';
import { groupNearDuplicates, jaccard, normalisedCodes, normaliseForDuplicates, shingleHashes, SIMILARITY_THRESHOLD } from '../../src/review/duplicates.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/near-duplicates.json', import.meta.url), 'utf8')) as {
  comments: { id: number; body: string; group: string | null }[];
};

/** Groups as sets of ids, so that the test does not depend on how groups are named. */
function partition(groups: Map<number, number>): number[][] {
  const byGroup = new Map<number, number[]>();
  for (const [id, group] of groups) byGroup.set(group, [...(byGroup.get(group) ?? []), id]);
  return [...byGroup.values()].map((ids) => ids.sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);
}

describe('the text the grouping compares', () => {
  it('is the search key, traditional and simplified alike', () => {
    const jurong = readFileSync(new URL('../../seeds/jurong-2024-work-report-traditional.txt', import.meta.url), 'utf8');
    const samples = [...jurong.split('\n').slice(0, 400), 'ＡＢＣ　全角１２３', 'Émile 😀 建议！', '𠀋𠀋 繁體字「測試」'];
    for (const text of samples) expect(normaliseForDuplicates(text)).toBe(searchKey(text));
  });
});

describe('near-duplicate grouping on the fixture', () => {
  const groups = groupNearDuplicates(fixture.comments);

  it('groups each campaign, its traditional, re-punctuated and edited copies included, and nothing else', () => {
    const expected = new Map<string, number[]>();
    for (const c of fixture.comments) if (c.group) expected.set(c.group, [...(expected.get(c.group) ?? []), c.id]);
    expect(partition(groups)).toEqual([...expected.values()].sort((a, b) => a[0]! - b[0]!));
  });

  it('names a group after its first comment', () => {
    expect(groups.get(17)).toBe(11);
    expect(groups.get(22)).toBe(19);
    expect(groups.has(12)).toBe(false);
  });

  it('does not depend on the order the comments come in', () => {
    expect(groupNearDuplicates([...fixture.comments].reverse())).toEqual(groups);
  });

  it('keeps the letter apart from a comment quoting one of its sentences', () => {
    const letter = shingleHashes(normalisedCodes(fixture.comments.find((c) => c.id === 11)!.body));
    const quote = shingleHashes(normalisedCodes(fixture.comments.find((c) => c.id === 12)!.body));
    expect(jaccard(letter, quote)).toBeLessThan(0.3);
  });
});

/** A seeded generator, so that the scale test is the same on every run. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function bruteForce(comments: { id: number; body: string }[]): number[][] {
  const hashes = comments.map((c) => shingleHashes(normalisedCodes(c.body)));
  const keys = comments.map((c) => searchKey(c.body));
  const parent = comments.map((_c, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
  for (let i = 0; i < comments.length; i++) {
    for (let j = i + 1; j < comments.length; j++) {
      const similar = keys[i] === keys[j] || (hashes[i]!.length >= 8 && hashes[j]!.length >= 8 && jaccard(hashes[i]!, hashes[j]!) >= SIMILARITY_THRESHOLD);
      if (similar) parent[find(j)] = find(i);
    }
  }
  const byRoot = new Map<number, number[]>();
  comments.forEach((c, i) => byRoot.set(find(i), [...(byRoot.get(find(i)) ?? []), c.id]));
  return [...byRoot.values()].filter((ids) => ids.length > 1);
}

describe('near-duplicate grouping at scale', () => {
  // Sentences of a real draft, recombined: many comments share phrases, few share most of their text.
  const draft = readFileSync(new URL('../../seeds/changjiang-2022-yangtze-work-points-draft.txt', import.meta.url), 'utf8');
  const sentences = draft.split(/[。；\n]/).map((s) => s.trim()).filter((s) => [...s].length >= 12);
  const rand = random(42);
  const pick = <T,>(list: T[]) => list[Math.floor(rand() * list.length)]!;
  const names = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴'];
  const towns = ['鲇鱼山镇', '丽阳镇', '荷塘乡', '西郊街道', '新枫街道', '吕蒙乡'];
  const letter = fixture.comments.find((c) => c.id === 11)!.body;

  const comments: { id: number; body: string }[] = [];
  for (let id = 1; id <= 1500; id++) {
    if (rand() < 0.4) {
      // A campaign copy: another signature, maybe another town, maybe a line of one's own.
      let body = letter.replace('张三', `${pick(names)}${pick(names)}`).replace('鲇鱼山镇', pick(towns));
      if (rand() < 0.3) body += `另外，${pick(sentences).slice(0, 12)}。`;
      comments.push({ id, body });
    } else {
      comments.push({ id, body: `建议：${pick(sentences)}。${pick(sentences)}。${id}` });
    }
  }

  it('finds the groups that comparing every pair finds, and never more', () => {
    const fast = partition(groupNearDuplicates(comments));
    const exact = bruteForce(comments);
    const exactOf = new Map<number, number>();
    exact.forEach((ids, i) => ids.forEach((id) => exactOf.set(id, i)));
    // Every group found is within one true group: each merge was confirmed by an exact comparison.
    for (const ids of fast) expect(new Set(ids.map((id) => exactOf.get(id))).size).toBe(1);
    // And (almost) everything that belongs to a group is found in it.
    const groupedFast = fast.reduce((n, ids) => n + ids.length, 0);
    const groupedExact = exact.reduce((n, ids) => n + ids.length, 0);
    expect(groupedExact).toBeGreaterThan(500);
    expect(groupedFast / groupedExact).toBeGreaterThanOrEqual(0.99);
    // The campaign is one group.
    const campaign = comments.filter((c) => c.body.startsWith('尊敬的起草单位')).map((c) => c.id);
    expect(fast.find((ids) => ids.includes(campaign[0]!))).toEqual(campaign);
  });
});

describe('the comparison', () => {
  it('stops early but agrees with the Jaccard similarity, at the threshold too', async () => {
    const { similarEnough } = await import('../../src/review/duplicates.ts');
    const rand = random(7);
    const alphabet = [...'的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严'];
    let atThreshold = 0;
    for (let k = 0; k < 5000; k++) {
      const length = 10 + Math.floor(rand() * 200);
      const a = Array.from({ length }, () => alphabet[Math.floor(rand() * 60)]).join('');
      const b = [...a].map((c) => (rand() < 0.05 ? alphabet[Math.floor(rand() * alphabet.length)] : c)).join('') + a.slice(0, Math.floor(rand() * 20));
      const A = shingleHashes(normalisedCodes(a));
      const B = shingleHashes(normalisedCodes(b));
      if (jaccard(A, B) === 0.8) atThreshold++;
      for (const threshold of [0.8, 0.5]) expect(similarEnough(A, B, threshold)).toBe(jaccard(A, B) >= threshold);
    }
    expect(atThreshold).toBeGreaterThan(0);
  });

  it('pauses between steps without changing the result', async () => {
    const { groupNearDuplicatesPausing } = await import('../../src/review/duplicates.ts');
    let pauses = 0;
    const paused = await groupNearDuplicatesPausing(fixture.comments.concat(fixture.comments.map((c) => ({ ...c, id: c.id + 1000 }))).concat(Array.from({ length: 1200 }, (_, i) => ({ id: 5000 + i, body: `意见${i}`, group: null }))), async () => {
      pauses++;
    });
    expect(pauses).toBeGreaterThan(0);
    expect(paused.get(1017)).toBe(11);
  });
});
