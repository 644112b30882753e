import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { PutObjectCommand, S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { Command, Option } from "commander";
import { LOCAL_ENV_FILE, readEnvFile } from "../../local/env-file.ts";
import { printableKey } from "../../local/progress.ts";
import { collectUploads, contentTypeFor, type UploadItem } from "./upload-files.ts";

export const EXIT = { ok: 0, someFailed: 1, usage: 2 } as const;

interface IngestOptions {
  bucket?: string;
  endpointUrl?: string;
  prefix: string;
  region?: string;
  concurrency: string;
  envFile: string;
}

/**
 * `claims ingest PATH...`: uploads articles to the bucket the tracker watches. Without flags it
 * targets the local stack described by .claims-local.env (written by `npm start`); with
 * --bucket/--endpoint-url, any S3 bucket, using the usual AWS credential chain.
 */
export function ingestCommand(): Command {
  return new Command("ingest")
    .description("upload article files or folders (recursively) to the articles bucket")
    .argument("<paths...>", "files or folders")
    .option("--bucket <name>", "bucket (default: CLAIMS_BUCKET from the environment or .claims-local.env)")
    .option("--endpoint-url <url>", "S3 endpoint (default: AWS_ENDPOINT_URL_S3 from the environment or .claims-local.env; none: AWS)")
    .option("--prefix <prefix>", "key prefix, e.g. news/2024/", "")
    .option("--region <region>", "region (default: AWS_REGION)")
    .addOption(new Option("--concurrency <n>", "uploads in parallel").default("4"))
    // The same variable that tells `npm start` where to write the file.
    .addOption(new Option("--env-file <path>", "local stack settings").default(process.env.CLAIMS_ENV_FILE || LOCAL_ENV_FILE).hideHelp())
    .action(async (paths: string[], opts: IngestOptions) => {
      process.exitCode = await runIngest(paths, opts);
    });
}

export function registerIngestCommand(program: Command): Command {
  return program.addCommand(ingestCommand());
}

export async function runIngest(paths: string[], opts: IngestOptions, out: NodeJS.WriteStream = process.stderr): Promise<number> {
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length) return usage(`no such file or folder: ${missing.join(", ")}`);
  const target = resolveTarget(opts);
  if (!target.bucket) return usage("no bucket: pass --bucket, set CLAIMS_BUCKET, or run `npm start` (it writes .claims-local.env)");
  const concurrency = Number(opts.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) return usage("--concurrency must be an integer from 1 to 64");

  const items = collectUploads(paths, opts.prefix);
  if (items.length === 0) return usage("nothing to upload: the folders hold no files");
  const client = new S3Client(target.client);
  const progress = createProgress(out, items);
  const failures: { item: UploadItem; reason: string }[] = [];
  let uploadedBytes = 0;
  let uploaded = 0;

  const queue = [...items];
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      try {
        const type = contentTypeFor(item.path);
        await client.send(new PutObjectCommand({ Bucket: target.bucket, Key: item.key, Body: await readFile(item.path), ...(type && { ContentType: type }) }));
        uploaded++;
        uploadedBytes += item.size;
      } catch (e) {
        failures.push({ item, reason: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
      }
      progress.tick(item.size);
    }
  }));
  progress.done();
  client.destroy();

  for (const f of failures) out.write(`failed: ${printableKey(f.item.path)} -> s3://${target.bucket}/${printableKey(f.item.key)}: ${f.reason}\n`);
  out.write(`uploaded ${uploaded}, failed ${failures.length}, ${formatBytes(uploadedBytes)} to s3://${target.bucket}/${opts.prefix}${target.local ? " (local stack)" : ""}\n`);
  return failures.length ? EXIT.someFailed : EXIT.ok;
}

function usage(message: string): number {
  process.stderr.write(`claims ingest: ${message}\n`);
  return EXIT.usage;
}

/**
 * Flags win, then the environment, then the local stack's env file. When the target is the local
 * stack's endpoint its keys are used (s3rver accepts no others); elsewhere the usual credential chain.
 */
function resolveTarget(opts: IngestOptions): { bucket?: string; client: S3ClientConfig; local: boolean } {
  const file = readEnvFile(opts.envFile);
  const trim = (url: string) => url.replace(/\/+$/, "");
  const localEndpoint = file.AWS_ENDPOINT_URL_S3;
  const endpoint = opts.endpointUrl ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL ?? localEndpoint;
  const local = endpoint !== undefined && localEndpoint !== undefined && trim(endpoint) === trim(localEndpoint);
  const region = opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? file.AWS_REGION ?? "us-east-1";
  const bucket = opts.bucket ?? process.env.CLAIMS_BUCKET ?? (local ? file.CLAIMS_BUCKET : undefined);
  const client: S3ClientConfig = {
    region,
    // Local S3-compatible servers want path-style URLs and no streaming checksums.
    ...(endpoint !== undefined && { endpoint, forcePathStyle: true, requestChecksumCalculation: "WHEN_REQUIRED" as const }),
    ...(local && { credentials: { accessKeyId: file.AWS_ACCESS_KEY_ID ?? "S3RVER", secretAccessKey: file.AWS_SECRET_ACCESS_KEY ?? "S3RVER" } }),
  };
  return { ...(bucket !== undefined && { bucket }), client, local };
}

/** A single redrawn status line on a terminal; silent when output is piped. */
function createProgress(out: NodeJS.WriteStream, items: UploadItem[]) {
  const total = items.length;
  const totalBytes = items.reduce((n, i) => n + i.size, 0);
  let count = 0;
  let bytes = 0;
  const draw = () => {
    const width = 24;
    const filled = Math.round((count / total) * width);
    out.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${count}/${total} files, ${formatBytes(bytes)} of ${formatBytes(totalBytes)}`);
  };
  return {
    tick(size: number) {
      count++;
      bytes += size;
      if (out.isTTY) draw();
    },
    done() {
      if (out.isTTY) out.write("\n");
    },
  };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}
