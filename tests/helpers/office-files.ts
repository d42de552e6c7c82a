// Office files built by hand for the limits: a zip writer small enough to read (stored or
// deflated entries), a .docx of any number of paragraphs, and the .docx bomb of issue 11 — a
// 180 KB attachment that holds 60 MB of XML.
import { deflateRawSync } from 'node:zlib';

/** A zip written by hand: each entry stored (method 0) or deflated (method 8). */
export function zip(entries: { name: string; data: string | Uint8Array; deflate?: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const raw = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data);
    const data = entry.deflate ? deflateRawSync(raw, { level: 9 }) : raw;
    const method = entry.deflate ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** A Word document of these paragraphs, as its main part. */
export function docx(paragraphs: Iterable<string>): Buffer {
  const body: string[] = [];
  for (const text of paragraphs) body.push(`<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`);
  return zip([
    { name: '[Content_Types].xml', data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    { name: 'word/document.xml', data: `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body.join('')}</w:body></w:document>`, deflate: true },
  ]);
}

/**
 * A valid Word document whose XML comes to about `xmlBytes` (60 MB by default) but which
 * deflates to a couple of hundred kilobytes: the same opinion over and over, numbered so that it
 * is not all one run. Read without limits, it keeps a core busy for a long time.
 */
export function docxBomb(xmlBytes = 60 * 1024 * 1024): Buffer {
  const paragraph = (n: number) => `<w:p><w:r><w:t>第${n % 30 + 1}项：建议明确牵头单位和完成时限。</w:t></w:r></w:p>`;
  const parts: string[] = [];
  let size = 0;
  for (let n = 0; size < xmlBytes; n++) {
    const piece = paragraph(n);
    parts.push(piece);
    size += Buffer.byteLength(piece);
  }
  return zip([
    { name: '[Content_Types].xml', data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    { name: 'word/document.xml', data: `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${parts.join('')}</w:body></w:document>`, deflate: true },
  ]);
}

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
