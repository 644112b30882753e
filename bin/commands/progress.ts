/** The status line of a long command: one bar redrawn in place on a terminal, nothing when output is piped. */
export function progressBar(out: NodeJS.WriteStream, total: number, label: (done: number) => string) {
  let count = 0;
  const draw = () => {
    const width = 24;
    const filled = total > 0 ? Math.round((Math.min(count, total) / total) * width) : width;
    // \x1b[K clears what a longer earlier label left at the end of the line.
    out.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${label(count)}\x1b[K`);
  };
  let drawn = false;
  return {
    tick(n = 1) {
      count += n;
      if (out.isTTY) {
        drawn = true;
        draw();
      }
    },
    done() {
      if (drawn) out.write("\n");
    },
  };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}
