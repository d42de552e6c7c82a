// The one ZIP reader and writer (src/lib/zip.ts): what it writes opens in another reader, it
// streams, and an archive from a stranger is held to limits — a bomb is refused, not inflated.
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DocxError, docxToText } from '../../src/lib/docx.ts';
import { listZipEntries, readZip, readZipEntry, zipChunks, type ZipLimits } from '../../src/lib/zip.ts';
import { fileErrorText } from '../../src/lib/file-errors.ts';
import { translator } from '../../src/lib/i18n.ts';

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Overwrites the size an archive's central directory declares for its only entry. */
function declareSize(zip: Uint8Array, size: number): Uint8Array {
  const copy = zip.slice();
  const view = new DataView(copy.buffer);
  for (let at = copy.length - 22; at >= 0; at--) {
    if (view.getUint32(at, true) === 0x02014b50) {
      view.setUint32(at + 24, size, true);
      return copy;
    }
  }
  throw new Error('no central directory');
}

/** A one-entry archive whose entry is `data` deflated. */
function deflatedArchive(name: string, data: Uint8Array): Uint8Array {
  return zipSync({ [name]: [data, { level: 1 }] });
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

describe('writing', () => {
  it('writes entries another reader opens byte for byte, names in UTF-8, content given in pieces', async () => {
    const rows = Array.from({ length: 2_000 }, (_, i) => `<row>${i} 第${i}条意见</row>`);
    async function* sheet() {
      for (let i = 0; i < rows.length; i += 100) yield rows.slice(i, i + 100).join('');
    }
    const bytes = await collect(zipChunks([
      { name: '[Content_Types].xml', content: '<Types/>' },
      { name: '意见/表.xml', content: sheet() },
      { name: 'bin', content: new Uint8Array([0, 1, 2, 255]) },
    ]));
    const other = unzipSync(bytes);
    expect(Object.keys(other)).toEqual(['[Content_Types].xml', '意见/表.xml', 'bin']);
    expect(text(other['意见/表.xml']!)).toBe(rows.join(''));
    expect([...other.bin!]).toEqual([0, 1, 2, 255]);
    const ours = await readZip(bytes);
    expect(text(ours.get('意见/表.xml')!)).toBe(rows.join(''));
  });

  it('hands out deflated bytes while the content is still arriving', async () => {
    let asked = 0;
    let askedWhenFirstOut = -1;
    async function* content() {
      for (let i = 0; i < 20; i++) {
        asked++;
        // Random bytes do not compress: each piece leaves the deflater at once.
        yield crypto.getRandomValues(new Uint8Array(64 * 1024));
      }
    }
    let total = 0;
    for await (const chunk of zipChunks([{ name: 'big.bin', content: content() }])) {
      if (askedWhenFirstOut < 0 && total > 0) askedWhenFirstOut = asked;
      total += chunk.length;
    }
    expect(total).toBeGreaterThan(20 * 64 * 1024);
    expect(askedWhenFirstOut).toBeGreaterThan(0);
    expect(askedWhenFirstOut).toBeLessThan(5);
  });
});

describe('reading within limits', () => {
  const limits: ZipLimits = { maxEntries: 3, maxEntrySize: 10_000, maxTotalSize: 15_000 };

  it('reads what is within the limits', async () => {
    const bytes = zipSync({ 'a.txt': new TextEncoder().encode('甲'.repeat(3_000)), 'b.txt': new Uint8Array(5_000) });
    const entries = listZipEntries(bytes, limits);
    expect(entries.map((e) => [e.name, e.size])).toEqual([['a.txt', 9_000], ['b.txt', 5_000]]);
    expect(text(await readZipEntry(bytes, entries[0]!, limits))).toBe('甲'.repeat(3_000));
  });

  it('refuses too many entries', () => {
    const files = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`f${i}`, new Uint8Array(1)]));
    expect(() => listZipEntries(zipSync(files), limits)).toThrow(expect.objectContaining({ code: 'too-large' }));
  });

  it('refuses an entry declared larger than the per-entry limit, before inflating it', () => {
    const bytes = deflatedArchive('big.xml', new Uint8Array(10_001));
    expect(() => listZipEntries(bytes, limits)).toThrow(expect.objectContaining({ code: 'too-large', entry: 'big.xml' }));
  });

  it('refuses entries that together declare more than the total limit', () => {
    const bytes = zipSync({ 'a': new Uint8Array(8_000), 'b': new Uint8Array(8_000) });
    expect(() => listZipEntries(bytes, limits)).toThrow(expect.objectContaining({ code: 'too-large', entry: 'b' }));
  });

  it('stops inflating an entry that grows past the size it declared (a bomb that lies)', async () => {
    // 8 MB of zeros deflate to a few KB; the directory claims 1,000 bytes.
    const liar = declareSize(deflatedArchive('word/document.xml', new Uint8Array(8 * 2 ** 20)), 1_000);
    const [entry] = listZipEntries(liar, limits);
    expect(entry!.size).toBe(1_000);
    await expect(readZipEntry(liar, entry!, limits)).rejects.toMatchObject({ code: 'corrupt', entry: 'word/document.xml' });
  });

  it('refuses damaged or unsupported data with a reason', async () => {
    expect(() => listZipEntries(new TextEncoder().encode('not a zip at all, not at all'))).toThrow(expect.objectContaining({ code: 'not-zip' }));
    const good = zipSync({ 'a.txt': new TextEncoder().encode('hello '.repeat(100)) });
    expect(() => listZipEntries(good.subarray(0, good.length - 30))).toThrow(expect.objectContaining({ code: 'corrupt' }));
    const stored = zipSync({ 'a.txt': [new TextEncoder().encode('hello'), { level: 0 }] });
    const [entry] = listZipEntries(stored);
    expect(text(await readZipEntry(stored, entry!))).toBe('hello');
    await expect(readZipEntry(stored, { ...entry!, method: 12 })).rejects.toMatchObject({ code: 'unsupported' });
    await expect(readZipEntry(stored, { ...entry!, size: 4 })).rejects.toMatchObject({ code: 'corrupt' });
  });
});

describe('a .docx bomb', () => {
  it('is refused by its declared size, with a reason an officer reads', async () => {
    // 80 MB of XML whitespace inside a few tens of KB: over the 64 MB a part may have.
    const body = new Uint8Array(80 * 2 ** 20).fill(0x20);
    const head = new TextEncoder().encode(`<w:document ${W}><w:body>`);
    body.set(head);
    const bomb = zipSync({ 'word/document.xml': [body, { level: 1 }] });
    expect(bomb.length).toBeLessThan(2 ** 20);
    const refusal = await docxToText(bomb).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DocxError);
    expect(refusal).toMatchObject({ code: 'too-large' });
    expect(fileErrorText(translator('zh-CN'), 'docx', (refusal as DocxError).code)).toBe('.docx 文件内容过大');
  });

  it('that lies about its size is refused as damaged, not read', async () => {
    const xml = new TextEncoder().encode(`<w:document ${W}><w:body><w:p><w:r><w:t>正文</w:t></w:r></w:p>${' '.repeat(5 * 2 ** 20)}</w:body></w:document>`);
    const liar = declareSize(zipSync({ 'word/document.xml': [xml, { level: 1 }] }), 100);
    await expect(docxToText(liar)).rejects.toMatchObject({ code: 'corrupt' });
  });
});
