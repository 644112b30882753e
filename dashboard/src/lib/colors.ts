/**
 * Speaker colours. Each swatch pairs a strong colour (dots, borders, bars, and text: >= 4.5:1 on white) with a
 * light tint for highlighted text, on which body text (#1a1d21) stays above 4.5:1.
 */
export interface Swatch {
  strong: string;
  tint: string;
}

export const PALETTE: readonly Swatch[] = [
  { strong: "#1f5fbf", tint: "#dce8fb" },
  { strong: "#c0392b", tint: "#fbe0dc" },
  { strong: "#2e7d4f", tint: "#d9f0e1" },
  { strong: "#7b3fb0", tint: "#ece0f8" },
  { strong: "#9a5b00", tint: "#fbe9c9" },
  { strong: "#00798a", tint: "#d3f0f3" },
  { strong: "#b0306e", tint: "#f9dcea" },
  { strong: "#56631a", tint: "#eaf0cc" },
  { strong: "#4f5b6b", tint: "#e3e7ec" },
];

/** FNV-1a: a stable, well-spread hash so a speaker keeps its colour across views and reloads. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function speakerSwatchIndex(speakerId: string): number {
  return hash(speakerId) % PALETTE.length;
}

export function speakerSwatch(speakerId: string): Swatch {
  return PALETTE[speakerSwatchIndex(speakerId)]!;
}

/**
 * Colours for the speakers of one view (an article): each keeps its usual colour unless another speaker
 * there already has it, in which case it takes the next free one, so neighbouring claims stay distinguishable.
 */
export function assignSwatches(speakerIds: readonly string[]): Map<string, Swatch> {
  const assigned = new Map<string, Swatch>();
  const taken = new Set<number>();
  for (const id of speakerIds) {
    if (assigned.has(id)) continue;
    let index = speakerSwatchIndex(id);
    if (taken.size < PALETTE.length) {
      while (taken.has(index)) index = (index + 1) % PALETTE.length;
    }
    taken.add(index);
    assigned.set(id, PALETTE[index]!);
  }
  return assigned;
}

/**
 * Speaker-type badges: a tint with dark text of the same hue, so a type reads at a glance in lists
 * (text >= 4.5:1 on its tint, checked by test/unit/dashboard-colors.test.ts).
 */
export const TYPE_BADGE_COLORS: Readonly<Record<string, { background: string; color: string }>> = {
  person: { background: "#e3ecfa", color: "#163f7a" },
  organization: { background: "#dcf0e6", color: "#17553a" },
  group: { background: "#ece3f7", color: "#4d2a7a" },
  anonymous: { background: "#ebedf0", color: "#3b434e" },
  document: { background: "#fbeedd", color: "#703d05" },
  unknown: { background: "#f9e1df", color: "#8a2318" },
};
