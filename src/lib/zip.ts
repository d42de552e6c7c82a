// The one ZIP reader and writer, on fflate (plain JavaScript: Node and Workers alike).
//
// Reading is for archives strangers send (.docx attachments, uploads), so it trusts nothing:
// the number of entries, each entry's size and the archive's total size are limited before a
// byte is inflated, and an entry that inflates past the size its directory declared is refused
// as soon as it does — a bomb is turned away, never inflated.
//
// Writing streams: entries are deflated as their content arrives and the archive comes out as
// chunks, so a report of any size never sits in memory whole.
import { Inflate, Zip, ZipDeflate } from 'fflate';

export type ZipErrorCode = 'not-zip' | 'corrupt' | 'unsupported' | 'too-large';

export class ZipError extends Error {
  constructor(
    readonly code: ZipErrorCode,
    message: string,
    readonly entry?: string,
  ) {
    super(message);
    this.name = 'ZipError';
  }
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; anything else is refused when read. */
  method: number;
  compressedSize: number;
  /** The size the central directory declares; reading never returns more. */
  size: number;
  localOffset: number;
}

export interface ZipLimits {
  maxEntries: number;
  /** Per entry, decompressed. */
  maxEntrySize: number;
  /** All entries together, decompressed (as declared; each entry is held to its declaration). */
  maxTotalSize: number;
}

/**
 * Enough for any office document a person writes (Word's own files have a few dozen entries; text
 * parts are a few MB), far below what would hurt a server or a 128 MB Worker.
 */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 2_000,
  maxEntrySize: 64 * 2 ** 20,
  maxTotalSize: 256 * 2 ** 20,
};

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The entries of an archive, from its central directory, checked against the limits. No ZIP64. */
export function listZipEntries(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntry[] {
  const data = view(bytes);
  if (bytes.length < 22 || (data.getUint32(0, true) !== LOCAL && data.getUint32(0, true) !== EOCD)) {
    throw new ZipError('not-zip', 'not a ZIP archive');
  }
  // The end-of-central-directory record sits in the last 22 + up to 65,535 comment bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i -= 1) {
    if (data.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('corrupt', 'no end of central directory (truncated?)');
  const count = data.getUint16(eocd + 10, true);
  const directorySize = data.getUint32(eocd + 12, true);
  const directoryOffset = data.getUint32(eocd + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff || directorySize === 0xffffffff) {
    throw new ZipError('unsupported', 'ZIP64 archives are not supported');
  }
  if (count > limits.maxEntries) throw new ZipError('too-large', `${count} entries (limit ${limits.maxEntries})`);
  if (directoryOffset + directorySize > eocd) throw new ZipError('corrupt', 'central directory out of bounds');

  const entries: ZipEntry[] = [];
  const names = new TextDecoder('utf-8');
  let total = 0;
  let p = directoryOffset;
  for (let n = 0; n < count; n += 1) {
    if (p + 46 > eocd || data.getUint32(p, true) !== CENTRAL) throw new ZipError('corrupt', 'damaged central directory');
    const method = data.getUint16(p + 10, true);
    const compressedSize = data.getUint32(p + 20, true);
    const size = data.getUint32(p + 24, true);
    const nameLength = data.getUint16(p + 28, true);
    const extraLength = data.getUint16(p + 30, true);
    const commentLength = data.getUint16(p + 32, true);
    const localOffset = data.getUint32(p + 42, true);
    if (p + 46 + nameLength > eocd) throw new ZipError('corrupt', 'damaged central directory');
    const name = names.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
      throw new ZipError('unsupported', 'ZIP64 archives are not supported', name);
    }
    if (size > limits.maxEntrySize) throw new ZipError('too-large', `${name}: ${size} bytes (limit ${limits.maxEntrySize})`, name);
    total += size;
    if (total > limits.maxTotalSize) throw new ZipError('too-large', `more than ${limits.maxTotalSize} bytes in all`, name);
    entries.push({ name, method, compressedSize, size, localOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Compressed input is fed in slices this small because one deflate byte can become ~1,000: a
 * slice can never inflate to more than about 4 MB before the size check sees it.
 */
const INFLATE_SLICE = 4 * 1024;

/** One entry's content: no more than its declared size, never more than the limit. */
export async function readZipEntry(bytes: Uint8Array, entry: ZipEntry, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<Uint8Array> {
  const data = view(bytes);
  const p = entry.localOffset;
  if (p + 30 > bytes.length || data.getUint32(p, true) !== LOCAL) throw new ZipError('corrupt', `${entry.name}: no local header`, entry.name);
  const start = p + 30 + data.getUint16(p + 26, true) + data.getUint16(p + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipError('corrupt', `${entry.name}: truncated`, entry.name);
  if (entry.size > limits.maxEntrySize) throw new ZipError('too-large', `${entry.name}: ${entry.size} bytes (limit ${limits.maxEntrySize})`, entry.name);
  const raw = bytes.subarray(start, end);
  if (entry.method === 0) {
    if (raw.length !== entry.size) throw new ZipError('corrupt', `${entry.name}: stored size does not match`, entry.name);
    return raw;
  }
  if (entry.method !== 8) throw new ZipError('unsupported', `${entry.name}: compression method ${entry.method}`, entry.name);

  const chunks: Uint8Array[] = [];
  let length = 0;
  const inflate = new Inflate((chunk) => {
    length += chunk.length;
    if (length > entry.size) throw new ZipError('corrupt', `${entry.name}: inflates past its declared size`, entry.name);
    if (chunk.length) chunks.push(chunk);
  });
  try {
    let at = 0;
    do {
      const next = Math.min(at + INFLATE_SLICE, raw.length);
      inflate.push(raw.subarray(at, next), next === raw.length);
      at = next;
    } while (at < raw.length);
  } catch (error) {
    if (error instanceof ZipError) throw error;
    throw new ZipError('corrupt', `${entry.name}: cannot be inflated (${error instanceof Error ? error.message : String(error)})`, entry.name);
  }
  if (length !== entry.size) throw new ZipError('corrupt', `${entry.name}: inflated to ${length} bytes, declared ${entry.size}`, entry.name);
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** Every entry of a (small) archive by name, within the limits. */
export async function readZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const entry of listZipEntries(bytes, limits)) {
    if (!entry.name.endsWith('/')) files.set(entry.name, await readZipEntry(bytes, entry, limits));
  }
  return files;
}

export type ZipContent = string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

export interface ZipSource {
  name: string;
  content: ZipContent;
}

export interface ZipWriteOptions {
  /** Deflate level: 1 is fast and is what a streamed export wants; 6 is fflate's default. */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** The entries' modification time (default: now). */
  mtime?: Date;
}

function pieces(content: ZipContent): Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array> {
  return typeof content === 'string' || content instanceof Uint8Array ? [content] : content;
}

/**
 * A ZIP archive of `sources`, entry after entry, as chunks. Each entry is deflated as its pieces
 * arrive; the chunks a piece produces are handed on before the next piece is asked for, so what is
 * in memory is one piece and its deflated output. Sizes stay under 4 GiB (no ZIP64).
 */
export async function* zipChunks(sources: Iterable<ZipSource> | AsyncIterable<ZipSource>, options: ZipWriteOptions = {}): AsyncGenerator<Uint8Array> {
  let ready: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure ??= error;
    else if (chunk.length) ready.push(chunk);
  });
  const take = (): Uint8Array[] => {
    if (failure) throw failure;
    const out = ready;
    ready = [];
    return out;
  };
  const encoder = new TextEncoder();
  for await (const source of sources) {
    const entry = new ZipDeflate(source.name, { level: options.level ?? 6 });
    entry.mtime = options.mtime ?? new Date();
    zip.add(entry);
    let size = 0;
    for await (const piece of pieces(source.content)) {
      const bytes = typeof piece === 'string' ? encoder.encode(piece) : piece;
      if (bytes.length === 0) continue;
      // fflate writes no ZIP64: past 4 GiB its sizes would wrap silently into a broken archive.
      size += bytes.length;
      if (size >= 0xffffffff) throw new Error(`${source.name} is too large for a ZIP without ZIP64`);
      entry.push(bytes);
      yield* take();
    }
    entry.push(new Uint8Array(0), true);
    yield* take();
  }
  zip.end();
  yield* take();
}
