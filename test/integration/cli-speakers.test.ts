import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { EXIT, speakersCommand } from "../../bin/commands/speakers.ts";
import { formatEnvFile } from "../../local/env-file.ts";
import { articleScopedId } from "../../lambdas/core/ids.ts";
import { createDynamoClaimStore } from "../../lambdas/store/dynamo-store.ts";
import { claimsFor } from "../support/claims.ts";
import { SERVICE_START_MS, SLOW_TEST_MS, startLocalServices, withSettledSummaries, type LocalServices } from "../support/local-services.ts";

const meta = { publishedAt: "2024-05-01T12:00:00.000Z" };

describe("claims speakers", { timeout: SLOW_TEST_MS }, () => {
  let env: LocalServices;
  let dir: string;
  beforeAll(async () => {
    env = await startLocalServices({ s3: false });
    dir = mkdtempSync(join(tmpdir(), "claims-speakers-"));
  }, SERVICE_START_MS);
  afterAll(async () => {
    await env?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `claims speakers ARGS` as the CLI would and returns its exit code and what it printed. */
  async function claims(args: string[]): Promise<{ code: number; text: string }> {
    const printed: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => (printed.push(String(s)), true));
    const before = process.exitCode;
    process.exitCode = undefined;
    try {
      await speakersCommand().exitOverride().parseAsync(args, { from: "user" });
      return { code: Number(process.exitCode ?? 0), text: printed.join("") };
    } catch (e) {
      return { code: (e as { exitCode?: number }).exitCode === 0 ? 0 : EXIT.usage, text: printed.join("") };
    } finally {
      spy.mockRestore();
      process.exitCode = before;
    }
  }

  it("merges and splits against the local stack's table from .claims-local.env, and refuses what it cannot do", async () => {
    const table = await env.createTable("cli");
    const settle = () => env.settleAggregates(table);
    const store = withSettledSummaries(createDynamoClaimStore({ client: env.dynamoClient, tableName: table }), settle);
    let seq = 1;
    // Each write is followed by the aggregator catching up, as it would within seconds in AWS.
    const ingest = (key: string, speaker: string, content: string) => store.replaceArticle({ key, sequencer: String(seq++) }, meta, claimsFor(key, [{ speaker, content }]).claims).finally(settle);
    await ingest("a.txt", "Tony Blair", "We will fight on");
    await ingest("b.txt", "Anthony Blair", "Reform is coming");
    const envFile = join(dir, ".claims-local.env");
    writeFileSync(envFile, formatEnvFile({ AWS_ENDPOINT_URL_DYNAMODB: env.dynamo!.endpoint, AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local", CLAIMS_TABLE: table }));
    vi.stubEnv("CLAIMS_TABLE", undefined);
    vi.stubEnv("AWS_ENDPOINT_URL_DYNAMODB", undefined);
    vi.stubEnv("AWS_ENDPOINT_URL", undefined);
    // With --table the command uses the standard credential chain, as the AWS CLI does.
    vi.stubEnv("AWS_ACCESS_KEY_ID", "local");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "local");
    try {
      const merged = await claims(["merge", "anthony-blair", "tony-blair", "--env-file", envFile]);
      expect(merged).toEqual({ code: EXIT.ok, text: 'merged "anthony-blair" into "tony-blair" (Tony Blair): 1 article relinked, 1 claim changed speaker (local stack)\n' });
      expect(await store.getSpeaker("tony-blair")).toMatchObject({ claimCount: 2 });

      // A re-ingest keeps the merge.
      await ingest("b.txt", "Anthony Blair", "Reform is coming");
      expect((await store.listArticleClaims("b.txt"))[0]?.speakerId).toBe("tony-blair");

      const split = await claims(["split", "tony-blair", "--article", "b.txt", "--env-file", envFile]);
      expect(split.code).toBe(EXIT.ok);
      expect((await store.listArticleClaims("b.txt"))[0]?.speakerId).toBe(articleScopedId("anthony-blair", "b.txt"));

      expect(await claims(["split", "tony-blair", "--article", "missing.txt", "--env-file", envFile])).toEqual({
        code: EXIT.refused,
        text: 'claims speakers: article "missing.txt" has no claims of speaker "tony-blair"\n',
      });
      expect((await claims(["merge", "nobody-here", "no-such-person", "--env-file", envFile])).text).toMatch(/no speaker "no-such-person"/);
      expect(await claims(["merge", "Tony Blair", "tony-blair", "--env-file", envFile])).toMatchObject({ code: EXIT.usage });
      expect(await claims(["merge", "a", "b", "--env-file", join(dir, "none.env")])).toEqual({
        code: EXIT.usage,
        text: "claims speakers: no table: pass --table, set CLAIMS_TABLE, or run `npm start` (it writes .claims-local.env)\n",
      });
      // A deployed table is named with --table; here DynamoDB Local stands in for it.
      const unsplit = await claims(["unsplit", "tony-blair", "--article", "b.txt", "--table", table, "--endpoint-url", env.dynamo!.endpoint, "--env-file", join(dir, "none.env")]);
      expect(unsplit.code, unsplit.text).toBe(EXIT.ok);
      expect((await store.listArticleClaims("b.txt"))[0]?.speakerId).toBe("tony-blair");
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
