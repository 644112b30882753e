// The one full synthesis, as `npm run synth` does it: real esbuild bundling and the cdk-nag plugin enabled.
// Its cloud assembly is then checked: bundle sizes (and that each bundle loads), CDK's built-in CloudFormation
// validation (strict via cdk.json, works without any external tool), cfn-lint when installed, outputs.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { App, CfnResource, Stack } from "aws-cdk-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../lib/app.ts";
import { cdkJsonContext } from "./support.ts";

const MAX_GZIPPED_BYTES: Record<string, number> = { "claims-ingest": 1.5 * 1024 * 1024, "claims-api": 1.5 * 1024 * 1024, "claims-aggregate": 1.5 * 1024 * 1024 };

const cfnLintVersion = spawnSync("cfn-lint", ["--version"], { encoding: "utf8" });
const cfnLintMissing = cfnLintVersion.error !== undefined || cfnLintVersion.status !== 0;

let outdir: string;
let templatePath: string;
let template: { Resources: Record<string, { Type: string; Properties?: any }>; Outputs?: Record<string, unknown> };

beforeAll(() => {
  if (cfnLintMissing) console.warn("cfn-lint is not installed: the cfn-lint check is SKIPPED (pip install cfn-lint)");
  outdir = mkdtempSync(join(tmpdir(), "claims-synth-"));
  const { app, stack } = createApp({ outdir, context: cdkJsonContext() });
  // Throws if the cdk-nag plugin reports any unacknowledged finding, as `cdk synth` would fail.
  const assembly = app.synth();
  templatePath = join(assembly.directory, assembly.getStackArtifact(stack.artifactId).templateFile);
  template = JSON.parse(readFileSync(templatePath, "utf8"));
}, 240_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

interface Bundle {
  service: string;
  file: string;
  /** The function's environment from the template, CloudFormation references replaced by placeholders. */
  environment: Record<string, string>;
}

function bundles(): Bundle[] {
  return Object.values(template.Resources)
    .filter((r) => r.Type === "AWS::Lambda::Function" && r.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME)
    .map((r) => {
      const variables = r.Properties.Environment.Variables as Record<string, unknown>;
      return {
        service: variables.POWERTOOLS_SERVICE_NAME as string,
        file: join(outdir, `asset.${String(r.Properties.Code.S3Key).replace(/\.zip$/, "")}`, "index.mjs"),
        environment: Object.fromEntries(
          Object.entries(variables).map(([name, value]) => [name, typeof value === "string" ? value : `deployed-${name}`]),
        ),
      };
    });
}

describe("full synthesis (esbuild bundling, cdk-nag enabled)", () => {
  it("bundles each function within its size budget, minified, with an external source map", () => {
    const found = bundles();
    expect(found.map((b) => b.service).sort()).toEqual(["claims-aggregate", "claims-api", "claims-ingest"]);
    for (const { service, file } of found) {
      const code = readFileSync(file);
      const gzipped = gzipSync(code, { level: 9 }).length;
      console.info(`${service}: ${code.length} bytes, ${gzipped} gzipped, source map ${statSync(`${file}.map`).size} bytes`);
      expect(gzipped, service).toBeLessThanOrEqual(MAX_GZIPPED_BYTES[service]!);
      expect(code.toString("utf8")).toContain("sourceMappingURL=index.mjs.map");
    }
  });

  it("each bundle cold-starts with exactly the environment the template gives it and exports handler", () => {
    for (const { service, file, environment } of bundles()) {
      const probe = spawnSync(
        process.execPath,
        ["--input-type=module", "-e", `const m = await import(${JSON.stringify(file)}); console.log(typeof m.handler);`],
        {
          encoding: "utf8",
          // Lambda adds AWS_REGION itself; everything else must come from the template.
          env: { PATH: process.env.PATH, AWS_REGION: "us-east-1", ...environment },
          timeout: 60_000,
        },
      );
      expect(probe.stderr, service).not.toMatch(/Error/);
      expect(probe.stdout.trim(), service).toBe("function");
    }
  }, 120_000);

  it.skipIf(cfnLintMissing)(
    cfnLintMissing ? "cfn-lint: SKIPPED, cfn-lint is not installed (pip install cfn-lint)" : "cfn-lint finds no error",
    () => {
      const lint = spawnSync("cfn-lint", [templatePath, "--ignore-checks", "W3005", "--format", "parseable"], {
        encoding: "utf8",
        timeout: 180_000,
      });
      console.info(`${cfnLintVersion.stdout.trim()}: exit ${lint.status}${lint.stdout ? `\n${lint.stdout}` : ""}`);
      // Exit status is a bit mask: 2 = errors, 4 = warnings, 8 = informational.
      expect(lint.status! & 2, lint.stdout).toBe(0);
      expect(lint.stdout.split("\n").filter((line) => /:E\d{4}:/.test(line))).toEqual([]);
    },
    180_000,
  );

  it("CDK's built-in CloudFormation validation is strict: an invalid resource fails synthesis (ours passed it)", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "claims-invalid-")), context: cdkJsonContext() });
    const stack = new Stack(app, "Invalid");
    new CfnResource(stack, "Queue", { type: "AWS::SQS::Queue", properties: { VisibilityTimeout: "soon", Colour: "red" } });
    try {
      expect(() => app.synth()).toThrow(/Colour: Additional properties are not allowed/);
    } finally {
      rmSync(app.outdir, { recursive: true, force: true });
    }
  }, 120_000);

  it("outputs the bucket name, the API URL and the dashboard URL", () => {
    expect(Object.keys(template.Outputs ?? {})).toEqual(
      expect.arrayContaining(["ArticlesBucketName", "ApiUrl", "DashboardUrl"]),
    );
  });
});
