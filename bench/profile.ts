// `npx tsx bench/profile.ts <file.cpuprofile> [top]`: where a server spent its time, from a V8 CPU
// profile taken with `BENCH_CPU_PROF=<dir> npm run bench`. Prints self time per function, and
// total (inclusive) time for the app's own functions, so a slow route can be read at a glance.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT, table } from './lib.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function where(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  let file = url;
  try {
    if (url.startsWith('file://')) file = relative(PROJECT_ROOT, fileURLToPath(url));
  } catch {
    // Keep the URL as it is.
  }
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
}

function summarise(profile: Profile, top: number): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totalMicros = [...self.values()].reduce((a, b) => a + b, 0);

  const selfByFunction = new Map<string, number>();
  const inclusiveByFunction = new Map<string, number>();
  for (const [id, micros] of self) {
    selfByFunction.set(where(byId.get(id)!), (selfByFunction.get(where(byId.get(id)!)) ?? 0) + micros);
    // Inclusive time: each function on the stack once, however deep the recursion.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = where(byId.get(at)!);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusiveByFunction.set(name, (inclusiveByFunction.get(name) ?? 0) + micros);
    }
  }

  const rows = (map: Map<string, number>, filter: (name: string) => boolean) =>
    [...map]
      .filter(([name]) => filter(name))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => [name, `${(micros / 1000).toFixed(0)} ms`, `${((micros / totalMicros) * 100).toFixed(1)}%`]);

  const ownCode = (name: string) => / (src|views|seeds)\//.test(name);
  return [
    `profile: ${(totalMicros / 1e6).toFixed(1)} s sampled`,
    '',
    'self time',
    table(['function', 'time', 'share'], rows(selfByFunction, () => true)),
    '',
    'inclusive time, app code (src/, views/)',
    table(['function', 'time', 'share'], rows(inclusiveByFunction, ownCode)),
  ].join('\n');
}

const [file, top = '30'] = process.argv.slice(2);
if (!file) {
  console.error('usage: npx tsx bench/profile.ts <file.cpuprofile> [top]');
  process.exit(2);
}
console.log(summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(top)));
