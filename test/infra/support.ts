import { readFileSync } from "node:fs";
import type { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { createApp } from "../../lib/app.ts";
import type { ClaimsStack } from "../../lib/claims-stack.ts";
import { repoPath } from "../../lib/paths.ts";

/** The context block of cdk.json (defaults and feature flags), as `cdk synth` would apply it. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(repoPath("cdk.json"), "utf8")) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

export interface BuiltStack {
  app: App;
  stack: ClaimsStack;
  template: Template;
}

/**
 * The app as `cdk synth` builds it (cdk.json context plus `overrides`), without esbuild bundling, without the
 * cdk-nag plugin (so templates can be inspected even when a test is about to prove nag would object) and
 * without CDK's built-in CloudFormation validation (about 12 s of CPU per synthesis; synth.test.ts runs it).
 */
export function buildStack(overrides: Record<string, unknown> = {}): BuiltStack {
  const { app, stack } = createApp(
    {
      context: { ...cdkJsonContext(), "aws:cdk:bundling-stacks": [], ...overrides },
      builtinCloudFormationValidation: false,
    },
    { nag: false },
  );
  let template: Template | undefined;
  // Synthesizing a template is the slow part; nag checks walk the construct tree and do not need it.
  return {
    app,
    stack,
    get template() {
      return (template ??= Template.fromStack(stack));
    },
  };
}

export type Resource = { Type: string; Properties?: Record<string, any>; DeletionPolicy?: string; Metadata?: unknown };

/** Resources of one type, keyed by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

/** The single resource of a type whose logical id starts with `prefix` (logical ids follow construct paths). */
export function resourceByPrefix(template: Template, type: string, prefix: string): [string, Resource] {
  const matches = Object.entries(resourcesOf(template, type)).filter(([id]) => id.startsWith(prefix));
  if (matches.length !== 1) {
    throw new Error(`expected one ${type} with logical id ${prefix}*, found ${matches.map(([id]) => id).join(", ") || "none"}`);
  }
  return matches[0]!;
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
