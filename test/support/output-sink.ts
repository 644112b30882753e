/** Collects what a command prints, as a pipe sees it (not a terminal: no progress redraws). */
export function outputSink() {
  const chunks: string[] = [];
  return { stream: { isTTY: false, write: (s: string) => chunks.push(s) } as unknown as NodeJS.WriteStream, text: () => chunks.join("") };
}
