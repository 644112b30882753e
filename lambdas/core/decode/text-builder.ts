const enum Pending {
  None = 0,
  Space = 1,
  Line = 2,
  Paragraph = 3,
}

/**
 * Accumulates rendered text the way a browser lays it out: runs of whitespace collapse to one space,
 * block boundaries become a blank line, <br> a line break. Breaks are only written before the next
 * visible text, so leading, trailing and repeated breaks never pile up.
 */
export class TextBuilder {
  private readonly parts: string[] = [];
  private pending = Pending.None;
  private empty = true;

  /** Text in normal flow: whitespace is collapsed. */
  flow(s: string): void {
    const collapsed = s.replace(/[ \t\n\r\f\u00a0]+/g, " ");
    if (collapsed === " " || collapsed === "") {
      if (collapsed === " ") this.want(Pending.Space);
      return;
    }
    const lead = collapsed.startsWith(" ");
    const trail = collapsed.endsWith(" ");
    if (lead) this.want(Pending.Space);
    this.write(collapsed.slice(lead ? 1 : 0, trail ? -1 : undefined));
    if (trail) this.want(Pending.Space);
  }

  /** Text inside <pre>: kept as is. */
  preformatted(s: string): void {
    if (s === "") return;
    this.write(s);
  }

  space(): void {
    this.want(Pending.Space);
  }

  lineBreak(): void {
    this.want(Pending.Line);
  }

  paragraphBreak(): void {
    this.want(Pending.Paragraph);
  }

  toString(): string {
    return this.parts.join("");
  }

  private want(p: Pending): void {
    if (p > this.pending) this.pending = p;
  }

  private write(s: string): void {
    if (!this.empty) {
      if (this.pending === Pending.Paragraph) this.parts.push("\n\n");
      else if (this.pending === Pending.Line) this.parts.push("\n");
      else if (this.pending === Pending.Space) this.parts.push(" ");
    }
    this.parts.push(s);
    this.empty = false;
    this.pending = Pending.None;
  }
}
