import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { Command, Option } from "commander";
import { LOCAL_ENV_FILE, readEnvFile } from "../../local/env-file.ts";
import { parseArticleKey, parseSlugId } from "../../lambdas/api/query.ts";
import { CorrectionError, createSpeakerCorrections, type RelinkResult, type SpeakerCorrections } from "../../lambdas/store/speaker-corrections.ts";

export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

export interface TableOptions {
  table?: string;
  region?: string;
  endpointUrl?: string;
  envFile: string;
}

/**
 * `claims speakers merge|unmerge|split|unsplit`: operators' corrections of speaker identity. Each is
 * stored in the claims table, where ingest applies it to every later version of the articles, and is
 * applied at once to the stored claims it concerns (lambdas/store/speaker-corrections.ts). Without
 * flags it targets the local stack's table named in .claims-local.env; --table (with --region, and
 * the usual AWS credentials) a deployed one.
 */
export function speakersCommand(): Command {
  const command = new Command("speakers").description("correct speaker identity: merge two speakers, or split one off in an article");
  const withTable = (c: Command) =>
    c
      .option("--table <name>", "claims table (default: CLAIMS_TABLE, or the local stack's from .claims-local.env)")
      .option("--region <region>", "region (default: AWS_REGION)")
      .option("--endpoint-url <url>", "DynamoDB endpoint (default: AWS_ENDPOINT_URL_DYNAMODB; the local stack's when no --table is given)")
      .addOption(new Option("--env-file <path>", "local stack settings").default(LOCAL_ENV_FILE).hideHelp())
      .exitOverride();
  const done = (code: number) => {
    process.exitCode = code;
  };

  command.addCommand(
    withTable(new Command("merge"))
      .description("merge <fromId> into <intoId>: their claims, now and after any re-ingest, are <intoId>'s")
      .argument("<fromId>", "the speaker id to merge away (an article-scoped id such as blair--1a2b3c4d too)")
      .argument("<intoId>", "the speaker known across articles it becomes")
      .action(async (fromId: string, intoId: string, opts: TableOptions) =>
        done(
          await runCorrection(opts, async (c) => {
            const r = await c.merge(slug(fromId), slug(intoId));
            return `merged "${fromId}" into "${r.into.speakerId}" (${r.into.speaker}): ${summary(r)}`;
          }),
        ),
      ),
  );
  command.addCommand(
    withTable(new Command("unmerge"))
      .description("undo a merge: <fromId>'s claims go back to the speaker the articles name")
      .argument("<fromId>", "the speaker id that was merged away")
      .action(async (fromId: string, opts: TableOptions) =>
        done(
          await runCorrection(opts, async (c) => {
            const r = await c.unmerge(slug(fromId));
            return `"${fromId}" is no longer merged into "${r.into.speakerId}": ${summary(r)}`;
          }),
        ),
      ),
  );
  const splits = [
    ["split", "split <speakerId> off in one article: its claims there stay in that article (a wrong link)", "the speaker the article's claims were wrongly given", "split", (id: string, key: string) => `split "${id}" off in "${key}"`],
    ["unsplit", "undo a split of <speakerId> in one article", "the speaker that was split off", "unsplit", (id: string, key: string) => `"${id}" is no longer split off in "${key}"`],
  ] as const;
  for (const [name, description, argument, method, said] of splits) {
    command.addCommand(
      withTable(new Command(name))
        .description(description)
        .argument("<speakerId>", argument)
        .requiredOption("--article <key>", "the article's S3 key")
        .action(async (speakerId: string, opts: TableOptions & { article: string }) =>
          done(await runCorrection(opts, async (c) => `${said(speakerId, opts.article)}: ${summary(await c[method](slug(speakerId), articleKeyOf(opts.article)))}`)),
        ),
    );
  }
  return command;
}

/** A usage mistake in an argument (a malformed id or key). */
class UsageError extends Error {}

function slug(id: string): string {
  try {
    return parseSlugId("speakerId", id);
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^speakerId/, `"${id}"`));
  }
}

function articleKeyOf(key: string): string {
  try {
    return parseArticleKey(key);
  } catch (e) {
    throw new UsageError(`--article: ${(e as Error).message.replace(/^articleKey: /, "")}`);
  }
}

const summary = (r: RelinkResult) =>
  `${r.articles} article${r.articles === 1 ? "" : "s"} relinked, ${r.claims} claim${r.claims === 1 ? "" : "s"} changed speaker${r.superseded ? ` (${r.superseded} replaced by a newer version meanwhile, linked at ingest)` : ""}`;

export async function runCorrection(opts: TableOptions, action: (c: SpeakerCorrections) => Promise<string>, out: NodeJS.WriteStream = process.stderr): Promise<number> {
  const target = resolveTable(opts);
  if (!target.table) return fail(out, EXIT.usage, "no table: pass --table, set CLAIMS_TABLE, or run `npm start` (it writes .claims-local.env)");
  const client = new DynamoDBClient(target.client);
  let done = 0;
  const corrections = createSpeakerCorrections({
    client: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    tableName: target.table,
    onArticle: () => {
      done++;
      if (out.isTTY) out.write(`\rrelinked ${done} article${done === 1 ? "" : "s"}…`);
    },
  });
  try {
    const message = await action(corrections);
    if (out.isTTY && done > 0) out.write("\n");
    out.write(`${message}${target.local ? " (local stack)" : ""}\n`);
    return EXIT.ok;
  } catch (e) {
    if (out.isTTY && done > 0) out.write("\n");
    if (e instanceof UsageError) return fail(out, EXIT.usage, e.message);
    if (e instanceof CorrectionError) return fail(out, EXIT.refused, e.message);
    return fail(out, EXIT.refused, `${(e as Error).name}: ${(e as Error).message}`);
  } finally {
    client.destroy();
  }
}

function fail(out: NodeJS.WriteStream, code: number, message: string): number {
  out.write(`claims speakers: ${message}\n`);
  return code;
}

/**
 * Flags win, then the environment, then the local stack's env file. A --table or --region without an
 * endpoint means a table in AWS (usual credential chain); with no flags, the local stack's table, with
 * its keys (DynamoDB Local accepts any).
 */
export function resolveTable(opts: TableOptions): { table?: string; client: DynamoDBClientConfig; local: boolean } {
  const file = readEnvFile(opts.envFile);
  const explicit = opts.table !== undefined || opts.region !== undefined;
  const localEndpoint = file.AWS_ENDPOINT_URL_DYNAMODB;
  const endpoint = opts.endpointUrl ?? process.env.AWS_ENDPOINT_URL_DYNAMODB ?? process.env.AWS_ENDPOINT_URL ?? (explicit ? undefined : localEndpoint);
  const trim = (url: string) => url.replace(/\/+$/, "");
  const local = endpoint !== undefined && localEndpoint !== undefined && trim(endpoint) === trim(localEndpoint);
  const region = opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? file.AWS_REGION ?? "us-east-1";
  const table = opts.table ?? process.env.CLAIMS_TABLE ?? (local ? file.CLAIMS_TABLE : undefined);
  return {
    ...(table !== undefined && { table }),
    client: {
      region,
      ...(endpoint !== undefined && { endpoint }),
      ...(local && { credentials: { accessKeyId: file.AWS_ACCESS_KEY_ID ?? "local", secretAccessKey: file.AWS_SECRET_ACCESS_KEY ?? "local" } }),
    },
    local,
  };
}
