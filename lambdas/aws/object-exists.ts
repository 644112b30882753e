/**
 * Whether a key still has an object, asked of S3 (HeadObject through the functions' object reader).
 *
 * An `ObjectRemoved:*` event does not always mean the key is gone: in a versioned bucket, removing a
 * delete marker (the usual undelete) and deleting an older version both send `ObjectRemoved:Delete`
 * while a current object remains, and no create event follows. The ingest function asks before it
 * deletes an article's claims; an object still there is ingested instead.
 */
import type { ObjectReader } from "./s3-object-reader.ts";

export async function objectExists(objects: Pick<ObjectReader, "exists">, bucket: string, key: string): Promise<boolean> {
  return objects.exists(bucket, key);
}
