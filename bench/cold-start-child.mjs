// A fresh Node process doing what Lambda's Node runtime does on a cold start: load the bundled handler
// module, then hand it one event. Plain JavaScript so that no TypeScript loader adds to the times.
// Usage: node cold-start-child.mjs BUNDLE.mjs EVENT.json RESULT.json
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [bundle, eventFile, resultFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, "utf8"));
const context = {
  functionName: "bench",
  functionVersion: "$LATEST",
  awsRequestId: "bench-cold-start",
  memoryLimitInMB: "1024",
  getRemainingTimeInMillis: () => 60_000,
};

// performance.now() counts from the start of this process: the runtime's own boot is included.
const booted = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const loaded = performance.now();
const response = await handler(event, context);
const handled = performance.now();
// CPU time since the process started: what the cold start costs when the machine is not shared.
const cpu = process.cpuUsage();
const cpuMs = (cpu.user + cpu.system) / 1000;
writeFileSync(resultFile, JSON.stringify({ bootMs: booted, loadMs: loaded - booted, firstEventMs: handled - loaded, totalMs: handled, cpuMs, response }));
// Keep-alive sockets of the SDK clients would hold the process open; a Lambda sandbox is frozen instead.
process.exit(0);
