import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readLocalStackConfig } from "../../local/config.ts";
import { formatEnvFile, readEnvFile, writeEnvFile } from "../../local/env-file.ts";

const dir = mkdtempSync(join(tmpdir(), "local-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm start configuration", () => {
  it("defaults to the documented ports and folders", () => {
    const c = readLocalStackConfig({}, dir);
    expect(c).toMatchObject({ host: "127.0.0.1", port: 3000, s3Port: 4568, dynamoPort: 8000, dataDir: join(dir, ".local-data"), envFile: join(dir, ".claims-local.env"), bucket: "articles", table: "claims", apiBase: "/api", allowedOrigins: "" });
    expect(c.queue).toEqual({ visibilityTimeoutMs: 5000, maxReceiveCount: 3, batchWindowMs: 100 });
  });

  it("takes ports and folders from the environment and rejects nonsense by name", () => {
    const c = readLocalStackConfig({ CLAIMS_PORT: "0", CLAIMS_S3_PORT: "4600", CLAIMS_DYNAMODB_PORT: "8100", CLAIMS_DATA_DIR: "data2", CLAIMS_ENV_FILE: "x.env" }, dir);
    expect(c).toMatchObject({ port: 0, s3Port: 4600, dynamoPort: 8100, dataDir: join(dir, "data2"), envFile: join(dir, "x.env") });
    expect(() => readLocalStackConfig({ CLAIMS_PORT: "http" }, dir)).toThrow(/CLAIMS_PORT must be a port number/);
    expect(() => readLocalStackConfig({ CLAIMS_DYNAMODB_PORT: "70000" }, dir)).toThrow(/CLAIMS_DYNAMODB_PORT/);
    expect(() => readLocalStackConfig({ CLAIMS_QUEUE_VISIBILITY_SECONDS: "-1" }, dir)).toThrow(/CLAIMS_QUEUE_VISIBILITY_SECONDS/);
  });

  it("keeps a generated token secret with the data, so a restart keeps tokens valid", () => {
    const first = readLocalStackConfig({ CLAIMS_DATA_DIR: "secret-test" }, dir).tokenSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readLocalStackConfig({ CLAIMS_DATA_DIR: "secret-test" }, dir).tokenSecret).toBe(first);
    expect(readLocalStackConfig({ CLAIMS_DATA_DIR: "other" }, dir).tokenSecret).not.toBe(first);
    expect(readLocalStackConfig({ CLAIMS_TOKEN_SECRET: "from-the-environment-123" }, dir).tokenSecret).toBe("from-the-environment-123");
  });

  it("writes an env file that a shell and readEnvFile both read back", () => {
    const vars = { AWS_ENDPOINT_URL_S3: "http://127.0.0.1:4568", CLAIMS_BUCKET: "articles", ODD: "has space and \"quote\"" };
    expect(formatEnvFile({ A: "b" })).toBe("A=b\n");
    const file = join(dir, "test.env");
    writeEnvFile(file, vars);
    expect(readEnvFile(file)).toEqual(vars);
    const shell = spawnSync("sh", ["-c", `set -a; . "${file}"; set +a; printf '%s|%s' "$ODD" "$AWS_ENDPOINT_URL_S3"`], { encoding: "utf8" });
    expect(shell.stdout).toBe('has space and "quote"|http://127.0.0.1:4568');
    expect(readEnvFile(join(dir, "missing.env"))).toEqual({});
  });
});
