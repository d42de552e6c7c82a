// Text of a Word .docx file: a department's feedback attached to a reply, or a draft an officer
// imports. Pure and platform-neutral: a minimal zip reader over the central directory plus
// DecompressionStream('deflate-raw'), which Node 20 and Cloudflare Workers both provide.
//
// Output: one line per paragraph (<w:p>); runs (<w:t>) of a paragraph joined as Word shows them;
// <w:tab/> as a tab and <w:br/> as a line break; a table row as one line with its cells separated
// by tabs. Deleted tracked changes (<w:delText>), field codes and the fallback copy of text boxes
// are not text a reader sees, and are left out.

export class DocxError extends Error {
  constructor(
    readonly code: 'not-zip' | 'no-document' | 'unsupported' | 'corrupt',
    message: string,
  ) {
    super(message);
    this.name = 'DocxError';
  }
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
// A docx part larger than this is not a document anyone wrote by hand; refuse rather than inflate.
const MAX_PART = 64 * 1024 * 1024;

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function listZipEntries(bytes: Uint8Array): ZipEntry[] {
  const data = view(bytes);
  if (bytes.length < 22 || data.getUint32(0, true) !== LOCAL) {
    throw new DocxError('not-zip', '不是有效的 .docx 文件（不是 zip 压缩包）');
  }
  // The end-of-central-directory record sits in the last 22 + up to 65,535 comment bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i -= 1) {
    if (data.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new DocxError('corrupt', '.docx 文件不完整（找不到 zip 目录）');
  const count = data.getUint16(eocd + 10, true);
  const directorySize = data.getUint32(eocd + 12, true);
  const directoryOffset = data.getUint32(eocd + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff) {
    throw new DocxError('unsupported', '.docx 文件使用了 ZIP64 格式，暂不支持');
  }
  if (directoryOffset + directorySize > eocd) throw new DocxError('corrupt', '.docx 文件的 zip 目录已损坏');

  const entries: ZipEntry[] = [];
  const names = new TextDecoder('utf-8');
  let p = directoryOffset;
  for (let n = 0; n < count; n += 1) {
    if (p + 46 > bytes.length || data.getUint32(p, true) !== CENTRAL) {
      throw new DocxError('corrupt', '.docx 文件的 zip 目录已损坏');
    }
    const method = data.getUint16(p + 10, true);
    const compressedSize = data.getUint32(p + 20, true);
    const size = data.getUint32(p + 24, true);
    const nameLength = data.getUint16(p + 28, true);
    const extraLength = data.getUint16(p + 30, true);
    const commentLength = data.getUint16(p + 32, true);
    const localOffset = data.getUint32(p + 42, true);
    const name = names.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    entries.push({ name, method, compressedSize, size, localOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

async function inflateRaw(input: Uint8Array, expected: number): Promise<Uint8Array> {
  const stream = new Blob([input.slice()]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > MAX_PART) {
      await reader.cancel();
      throw new DocxError('unsupported', '.docx 文件内容过大');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  if (expected && total !== expected) throw new DocxError('corrupt', '.docx 文件已损坏（解压长度不符）');
  return out;
}

export async function readZipEntry(bytes: Uint8Array, entry: ZipEntry): Promise<Uint8Array> {
  const data = view(bytes);
  const p = entry.localOffset;
  if (p + 30 > bytes.length || data.getUint32(p, true) !== LOCAL) {
    throw new DocxError('corrupt', `.docx 文件已损坏（${entry.name}）`);
  }
  const start = p + 30 + data.getUint16(p + 26, true) + data.getUint16(p + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new DocxError('corrupt', `.docx 文件不完整（${entry.name}）`);
  if (entry.size > MAX_PART) throw new DocxError('unsupported', '.docx 文件内容过大');
  const raw = bytes.subarray(start, end);
  if (entry.method === 0) return raw;
  if (entry.method === 8) {
    try {
      return await inflateRaw(raw, entry.size);
    } catch (error) {
      if (error instanceof DocxError) throw error;
      throw new DocxError('corrupt', `.docx 文件已损坏，无法解压（${entry.name}）`);
    }
  }
  throw new DocxError('unsupported', `.docx 文件使用了不支持的压缩方式（${entry.method}）`);
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, body: string) => {
    if (body[0] !== '#') return XML_ENTITIES[body]!;
    const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
  });
}

/** The main document part named by _rels/.rels, word/document.xml when that says nothing. */
async function mainDocumentName(bytes: Uint8Array, entries: ZipEntry[]): Promise<string> {
  const rels = entries.find((entry) => entry.name === '_rels/.rels');
  if (rels) {
    const xml = new TextDecoder('utf-8').decode(await readZipEntry(bytes, rels));
    for (const tag of xml.match(/<Relationship\b[^>]*>/g) ?? []) {
      if (!/Type="[^"]*\/officeDocument"/.test(tag)) continue;
      const target = /Target="([^"]+)"/.exec(tag)?.[1];
      if (target) return decodeXmlEntities(target).replace(/^\//, '');
    }
  }
  return 'word/document.xml';
}

/** Text of WordprocessingML (the content of word/document.xml). */
export function documentXmlToText(xml: string): string {
  const bodyStart = xml.search(/<w:body[\s>]/);
  const source = bodyStart >= 0 ? xml.slice(bodyStart) : xml;
  const lines: string[] = [];
  let line = '';
  let inText = false;
  // Inside mc:Fallback the same text box appears a second time, for old readers.
  let fallback = 0;
  // <w:tabs> in paragraph properties lists tab stops, whose <w:tab> elements are not characters.
  let tabStops = 0;
  // Table cells: a stack of per-table state, so that nested tables stay inside their cell.
  const rows: { cells: string[]; cell: string[] }[] = [];

  const endParagraph = () => {
    const row = rows[rows.length - 1];
    if (row) row.cell.push(line);
    else lines.push(line);
    line = '';
  };

  const tokens = source.match(/<[^>]+>|[^<]+/g) ?? [];
  for (const token of tokens) {
    if (token[0] !== '<') {
      if (inText && fallback === 0) line += decodeXmlEntities(token);
      continue;
    }
    const m = /^<(\/?)([A-Za-z][\w.-]*:?[\w.-]*)/.exec(token);
    if (!m) continue;
    const closing = m[1] === '/';
    const selfClosing = token.endsWith('/>');
    const name = m[2]!;
    if (name === 'mc:Fallback') {
      if (!selfClosing) fallback += closing ? -1 : 1;
      continue;
    }
    if (fallback > 0) continue;
    if (name === 'w:tabs') {
      if (!selfClosing) tabStops += closing ? -1 : 1;
      continue;
    }
    switch (name) {
      case 'w:t':
        inText = !closing && !selfClosing;
        break;
      case 'w:tab':
        if (!closing && tabStops === 0) line += '\t';
        break;
      case 'w:br':
      case 'w:cr':
        if (!closing) {
          // A page break separates, a text break wraps; both end the visual line.
          line += '\n';
        }
        break;
      case 'w:noBreakHyphen':
        if (!closing) line += '-';
        break;
      case 'w:softHyphen':
        break;
      case 'w:p':
        if (closing || selfClosing) endParagraph();
        break;
      case 'w:tr':
        if (!closing && !selfClosing) rows.push({ cells: [], cell: [] });
        else if (closing) {
          const row = rows.pop();
          if (row) {
            const text = row.cells.join('\t').replace(/\t+$/, '');
            const parent = rows[rows.length - 1];
            if (parent) parent.cell.push(text);
            else lines.push(text);
          }
        }
        break;
      case 'w:tc':
        if (closing) {
          const row = rows[rows.length - 1];
          if (row) {
            row.cells.push(
              row.cell
                .map((text) => text.replace(/\s*\n\s*/g, ' ').trim())
                .filter(Boolean)
                .join(' '),
            );
            row.cell = [];
          }
        }
        break;
      default:
        break;
    }
  }
  if (line) endParagraph();

  return lines
    .join('\n')
    .replace(/[ \u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export async function docxToText(bytes: Uint8Array): Promise<string> {
  const entries = listZipEntries(bytes);
  const name = await mainDocumentName(bytes, entries);
  const entry = entries.find((candidate) => candidate.name === name);
  if (!entry) throw new DocxError('no-document', '不是 Word 文档（.docx 中没有正文 word/document.xml）');
  const xml = new TextDecoder('utf-8').decode(await readZipEntry(bytes, entry));
  return documentXmlToText(xml);
}
