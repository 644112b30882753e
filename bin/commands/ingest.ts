import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Command, Option } from "commander";
import { localEnvFile } from "../../local/env-file.ts";
import { formatBytes, progressBar } from "./progress.ts";
import { resolveS3Target } from "./s3-target.ts";
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
    .addOption(new Option("--env-file <path>", "local stack settings").default(localEnvFile()).hideHelp())
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
  const target = resolveS3Target(opts);
  if (!target.bucket) return usage("no bucket: pass --bucket, set CLAIMS_BUCKET, or run `npm start` (it writes .claims-local.env)");
  const concurrency = Number(opts.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) return usage("--concurrency must be an integer from 1 to 64");

  const items = collectUploads(paths, opts.prefix);
  if (items.length === 0) return usage("nothing to upload: the folders hold no files");
  const client = new S3Client(target.client);
  const totalBytes = items.reduce((n, i) => n + i.size, 0);
  let progressBytes = 0;
  const progress = progressBar(out, items.length, (count) => `${count}/${items.length} files, ${formatBytes(progressBytes)} of ${formatBytes(totalBytes)}`);
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
      progressBytes += item.size;
      progress.tick();
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
