// Just enough ZIP for office documents, with node:zlib alone: reading the entries of a small
// archive we made ourselves, and writing an archive whose entries are streamed (deflated as they
// come, sizes in data descriptors), so a large document never sits in memory whole.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import * as zlib from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** zlib.crc32 where Node has it (20.15+), the table otherwise. */
function crc32(data: Uint8Array, value = 0): number {
  const native = (zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
  if (native) return native(data, value);
  let c = (value ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The entries of a ZIP archive (no ZIP64, no encryption), by name. */
export function readZip(bytes: Uint8Array): Map<string, Buffer> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a ZIP archive');
  const entries = new Map<string, Buffer>();
  let at = buffer.readUInt32LE(end + 16);
  for (let i = buffer.readUInt16LE(end + 10); i > 0; i--) {
    const method = buffer.readUInt16LE(at + 10);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const skip = nameLength + buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(start, start + size);
    entries.set(name, method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data));
    at += 46 + skip;
  }
  return entries;
}

interface CentralEntry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

async function write(out: Writable, chunk: Uint8Array): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** Writes a ZIP archive to a stream, entry after entry. Sizes must stay under 4 GiB (no ZIP64). */
export class ZipWriter {
  private readonly entries: CentralEntry[] = [];
  private offset = 0;

  constructor(private readonly out: Writable) {}

  private async emit(chunk: Uint8Array): Promise<void> {
    this.offset += chunk.length;
    await write(this.out, chunk);
  }

  /** An entry whose content arrives in pieces; it is deflated as it arrives. */
  async addStream(name: string, content: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): Promise<void> {
    const nameBytes = Buffer.from(name, 'utf8');
    const offset = this.offset;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    // Bit 3: sizes and CRC follow the data; bit 11: the name is UTF-8.
    header.writeUInt16LE(0x0808, 6);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(0x00210000, 10);
    header.writeUInt16LE(nameBytes.length, 26);
    await this.emit(Buffer.concat([header, nameBytes]));

    const deflate = zlib.createDeflateRaw({ level: 6 });
    let crc = 0;
    let size = 0;
    const feeding = (async () => {
      try {
        for await (const piece of content) {
          const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
          if (bytes.length === 0) continue;
          crc = crc32(bytes, crc);
          size += bytes.length;
          if (!deflate.write(bytes)) await once(deflate, 'drain');
        }
        deflate.end();
      } catch (error) {
        deflate.destroy(error as Error);
      }
    })();
    let compressed = 0;
    for await (const piece of deflate as AsyncIterable<Buffer>) {
      compressed += piece.length;
      await this.emit(piece);
    }
    await feeding;
    if (size >= 0xffffffff || compressed >= 0xffffffff) throw new Error(`${name} is too large for a ZIP without ZIP64`);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc >>> 0, 4);
    descriptor.writeUInt32LE(compressed, 8);
    descriptor.writeUInt32LE(size, 12);
    await this.emit(descriptor);
    this.entries.push({ name: nameBytes, crc: crc >>> 0, compressed, size, offset });
  }

  async addFile(name: string, content: string | Uint8Array): Promise<void> {
    await this.addStream(name, [content]);
  }

  /** Writes the central directory and ends the stream. */
  async finish(): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) {
      const record = Buffer.alloc(46);
      record.writeUInt32LE(0x02014b50, 0);
      record.writeUInt16LE(20, 4);
      record.writeUInt16LE(20, 6);
      record.writeUInt16LE(0x0808, 8);
      record.writeUInt16LE(8, 10);
      record.writeUInt32LE(0x00210000, 12);
      record.writeUInt32LE(e.crc, 16);
      record.writeUInt32LE(e.compressed, 20);
      record.writeUInt32LE(e.size, 24);
      record.writeUInt16LE(e.name.length, 28);
      record.writeUInt32LE(e.offset, 42);
      await this.emit(Buffer.concat([record, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.emit(end);
    await new Promise<void>((resolve, reject) => {
      this.out.once('error', reject);
      this.out.end(() => resolve());
    });
  }
}
