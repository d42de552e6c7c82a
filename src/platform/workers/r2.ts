// The file store on Workers: an R2 bucket (binding FILES) for raw messages and attachments.
import type { R2Bucket } from '@cloudflare/workers-types';
import type { FileStore } from '../../db/files.ts';

export function r2FileStore(bucket: R2Bucket): FileStore {
  return {
    async put(key, bytes, contentType) {
      // R2 acknowledges a put once the object is durably stored.
      await bucket.put(key, bytes, { httpMetadata: { contentType } });
    },
    async get(key) {
      const object = await bucket.get(key);
      return object ? new Uint8Array(await object.arrayBuffer()) : null;
    },
  };
}
