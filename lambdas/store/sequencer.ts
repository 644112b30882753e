/**
 * S3 `sequencer` values order the events of one key. They are hex strings of varying length: compare
 * them after left-padding to equal length. Stored sequencers are padded to SEQUENCER_WIDTH so that
 * DynamoDB's own string comparison (in condition expressions) orders them the same way.
 */
export const SEQUENCER_WIDTH = 40;

export function normalizeSequencer(sequencer: string): string {
  const hex = sequencer.trim().toUpperCase();
  if (!/^[0-9A-F]+$/.test(hex)) throw new Error(`not a hex S3 sequencer: ${JSON.stringify(sequencer.slice(0, 60))}`);
  const significant = hex.replace(/^0+(?=.)/, "");
  if (significant.length > SEQUENCER_WIDTH) throw new Error(`S3 sequencer longer than ${SEQUENCER_WIDTH} hex digits`);
  return significant.padStart(SEQUENCER_WIDTH, "0");
}

/** Negative when a is older than b, 0 when equal, positive when newer. */
export function compareSequencers(a: string, b: string): number {
  const x = normalizeSequencer(a);
  const y = normalizeSequencer(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * A re-extraction of a stored version (`claims reindex`) is ordered right after that version and
 * before any later S3 event: the stored sequencer gets the suffix `.<revision>`, fixed-width, so that
 * string order is (sequencer, revision) order. A real event's sequencer, padded, is greater than every
 * revision of an older one and smaller than every revision of itself.
 */
const REVISION_DIGITS = 6;
export const MAX_REVISION = 10 ** REVISION_DIGITS - 1;

export function storedSequencer(sequencer: string, revision = 0): string {
  if (!Number.isSafeInteger(revision) || revision < 0 || revision > MAX_REVISION) throw new RangeError(`revision must be a whole number from 0 to ${MAX_REVISION}, got ${revision}`);
  const seq = normalizeSequencer(sequencer);
  return revision === 0 ? seq : `${seq}.${String(revision).padStart(REVISION_DIGITS, "0")}`;
}

/** The S3 sequencer and the revision of a stored sequencer. */
export function parseStoredSequencer(stored: string): { sequencer: string; revision: number } {
  const dot = stored.indexOf(".");
  return dot < 0 ? { sequencer: stored, revision: 0 } : { sequencer: stored.slice(0, dot), revision: Number(stored.slice(dot + 1)) };
}
