/**
 * Bundles a handler exactly as the deployment does: through the app's own function construct
 * (lib/claims-function.ts), whose NodejsFunction runs esbuild locally with the construct's options, into
 * a temporary cloud assembly. Re-stating the esbuild flags here could drift from lib/; this cannot.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { App, Duration, Stack } from "aws-cdk-lib";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { ClaimsFunction } from "../lib/claims-function.ts";
import type { FunctionSpec } from "./functions.ts";

export interface Bundle {
  /** The handler module Lambda would load. */
  file: string;
  /** Environment the construct gives the function (LOG_LEVEL, POWERTOOLS_SERVICE_NAME, NODE_OPTIONS). */
  environment: Record<string, string>;
  minifiedBytes: number;
  gzipBytes: number;
  sourceMapBytes: number;
  /** Removes the temporary assembly. */
  dispose(): void;
}

export function bundleFunction(spec: FunctionSpec): Bundle {
  const outdir = mkdtempSync(join(tmpdir(), `bench-bundle-${spec.name}-`));
  try {
    const app = new App({ outdir });
    const stack = new Stack(app, "Bench");
    const fn = new ClaimsFunction(stack, spec.name, {
      entry: spec.entry,
      description: `benchmark bundle of ${spec.entry}`,
      timeout: Duration.seconds(spec.timeoutSeconds),
      memorySize: spec.memoryMB,
      serviceName: spec.serviceName,
      logRetention: RetentionDays.ONE_WEEK,
      logLevel: "INFO",
      production: false,
    });
    // Resolving the one property is enough; a full synth of the assembly costs many seconds more.
    const resolved = stack.resolve((fn.function.node.defaultChild as CfnFunction).environment) as { variables?: Record<string, unknown> } | undefined;
    const environment = resolved?.variables ?? {};

    const assetDir = readdirSync(outdir).find((d) => d.startsWith("asset.") && statSync(join(outdir, d)).isDirectory());
    if (!assetDir) throw new Error(`no bundled asset for ${spec.entry} in ${outdir}`);
    const file = join(outdir, assetDir, "index.mjs");
    const code = readFileSync(file);
    const mapFile = `${file}.map`;
    return {
      file,
      environment: Object.fromEntries(Object.entries(environment).filter((e): e is [string, string] => typeof e[1] === "string")),
      minifiedBytes: code.length,
      gzipBytes: gzipSync(code, { level: 9 }).length,
      sourceMapBytes: safeSize(mapFile),
      dispose: () => rmSync(outdir, { recursive: true, force: true }),
    };
  } catch (e) {
    rmSync(outdir, { recursive: true, force: true });
    throw e;
  }
}

function safeSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
