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
