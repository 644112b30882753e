/**
 * Fault injection for integration tests: a middleware on a real DynamoDBClient that fails chosen
 * commands (by SDK command name) a given number of times, and a wrapper around the functions' real
 * object reader that fails chosen reads, so a test can stop work at an exact step and then prove the
 * retry converges. Everything else reaches DynamoDB Local and the S3 server untouched.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3ResponseError, type S3ObjectReader } from "../../lambdas/aws/s3-object-reader.ts";

/**
 * The commit of an article version with claims: the UpdateItem of META that requires the version's
 * intent (lambdas/store/article-writer.ts, step 3). Use with command "UpdateItemCommand".
 */
export const isCommitOfClaims = (input: Record<string, unknown>) => String(input.ConditionExpression ?? "").includes("attribute_exists(#intent)");

export interface FaultPlan {
  /** e.g. "UpdateItemCommand", "DeleteItemCommand", "BatchWriteItemCommand" */
  command: string;
  /** How many calls of that command pass before the failures start. */
  after?: number;
  times: number;
  /** Only calls whose input matches count (e.g. deletes of claim items, not of summaries). */
  when?: (input: Record<string, unknown>) => boolean;
  error?: () => Error;
}

export function injectFaults(client: DynamoDBClient, plan: FaultPlan): { readonly failed: number } {
  let seen = 0;
  const state = { failed: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === plan.command && (plan.when?.(args.input as Record<string, unknown>) ?? true)) {
        seen++;
        if (seen > (plan.after ?? 0) && state.failed < plan.times) {
          state.failed++;
          throw plan.error?.() ?? Object.assign(new Error(`injected fault in ${plan.command}`), { name: "InjectedFault" });
        }
      }
      return next(args);
    },
    { step: "initialize", name: `fault-${plan.command}-${Math.random()}` },
  );
  return state;
}

/** The smallest piece of an SDK v3 client that fault injection needs. */
interface WithMiddleware {
  middlewareStack: object;
}
const stackOf = (client: WithMiddleware) => client.middlewareStack as Pick<DynamoDBClient["middlewareStack"], "add">;

/** Errors shaped as the SDK raises them, so code under test sees what AWS would send. */
export const sdkErrors = {
  /** DynamoDB throttling (on-demand tables throttle too, on a sudden burst). */
  throttling: () => Object.assign(new Error("Rate of requests exceeds the allowed throughput."), { name: "ThrottlingException", $fault: "client", $metadata: { httpStatusCode: 400 } }),
  /** The socket gave up: the SDK's own name for it. */
  timeout: () => Object.assign(new Error("socket timed out after 3000 ms"), { name: "TimeoutError", $metadata: {} }),
};

export type FaultKind =
  /** Fails before the request leaves: the service never sees it. */
  | "before"
  /** Sends the request, then loses the response: the service applied it but the caller sees an error. */
  | "after";

export interface FaultRule {
  /** SDK command name, e.g. "GetObjectCommand", "UpdateItemCommand". */
  command: string;
  /** Which matching calls fail, by 1-based call number among matching calls (and the input). */
  fails: (call: number, input: Record<string, unknown>) => boolean;
  /** Only calls whose input matches are counted. */
  when?: (input: Record<string, unknown>) => boolean;
  kind?: FaultKind;
  error: () => Error;
}

export interface FaultLog {
  /** Injected failures so far, by command name. */
  readonly failed: Record<string, number>;
  /** Stops injecting; calls pass untouched from now on (the fault "goes away"). */
  heal(): void;
}

/**
 * Adds fault rules to a real client (DynamoDB or S3). Middleware runs at the initialize step, outside
 * the SDK's own retries and the document client's marshalling, so the code under test sees each fault
 * exactly once per call and rule inputs are plain JavaScript values.
 */
export function addFaults(client: WithMiddleware, rules: readonly FaultRule[]): FaultLog {
  const calls = new Map<FaultRule, number>();
  const failed: Record<string, number> = {};
  let healed = false;
  stackOf(client).add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      if (healed) return next(args);
      // Every matching rule counts the call; the first that chooses to fail it decides how.
      let rule: FaultRule | undefined;
      for (const r of rules) {
        if (r.command !== context.commandName || !(r.when?.(input) ?? true)) continue;
        const call = (calls.get(r) ?? 0) + 1;
        calls.set(r, call);
        if (!rule && r.fails(call, input)) rule = r;
      }
      if (!rule) return next(args);
      failed[rule.command] = (failed[rule.command] ?? 0) + 1;
      if (rule.kind === "after") await next(args);
      throw rule.error();
    },
    { step: "initialize", name: `faults-${Math.random()}` },
  );
  return { failed, heal: () => void (healed = true) };
}

/**
 * BatchWriteItem as a throttled table answers it: every write request, the first time it is sent, is
 * returned in UnprocessedItems without being applied; sent again, it goes through. A caller that does
 * not resend UnprocessedItems loses every item.
 */
export function unprocessedOnFirstTry(client: WithMiddleware): { readonly returned: number } {
  const seen = new Set<string>();
  const state = { returned: 0 };
  stackOf(client).add(
    (next, context) => async (args) => {
      if (context.commandName !== "BatchWriteItemCommand") return next(args);
      const input = args.input as { RequestItems: Record<string, unknown[]> };
      const fresh: Record<string, unknown[]> = {};
      const resent: Record<string, unknown[]> = {};
      for (const [table, requests] of Object.entries(input.RequestItems)) {
        for (const request of requests) {
          const id = `${table}\u0000${JSON.stringify(request)}`;
          const into = seen.has(id) ? resent : fresh;
          seen.add(id);
          (into[table] ??= []).push(request);
        }
      }
      const freshCount = Object.values(fresh).reduce((n, r) => n + r.length, 0);
      state.returned += freshCount;
      if (freshCount === 0) return next(args);
      type Out = Awaited<ReturnType<typeof next>>;
      if (Object.keys(resent).length === 0) return { output: { UnprocessedItems: fresh, $metadata: {} }, response: {} } as unknown as Out;
      const out = await next({ ...args, input: { ...input, RequestItems: resent } });
      const unprocessed = { ...(out.output as { UnprocessedItems?: Record<string, unknown[]> }).UnprocessedItems };
      for (const [table, requests] of Object.entries(fresh)) unprocessed[table] = [...(unprocessed[table] ?? []), ...requests];
      return { ...out, output: { ...out.output, UnprocessedItems: unprocessed } } as Out;
    },
    { step: "initialize", name: `unprocessed-${Math.random()}` },
  );
  return state;
}

/** S3 asking the caller to back off, as the object reader raises it. */
export const slowDown = () => new S3ResponseError("SlowDown", "Please reduce your request rate.", 503);

export interface ObjectFaultRule {
  /** Which matching reads fail, by 1-based number among matching reads (and the key). */
  fails: (call: number, key: string) => boolean;
  /** Only reads of matching keys are counted. */
  when?: (key: string) => boolean;
  error: () => Error;
}

export interface FaultableObjects extends S3ObjectReader {
  /** Keys read so far, in order (failed reads included). */
  readonly reads: readonly string[];
  /** Rules take effect from the next read; the code under test keeps the same reader. */
  addFaults(rules: readonly ObjectFaultRule[]): { readonly failed: number; heal(): void };
}

/** A real object reader whose reads are counted and can be made to fail, outside its own retries. */
export function faultableObjects(inner: S3ObjectReader): FaultableObjects {
  const reads: string[] = [];
  const injectors: ((key: string) => Error | undefined)[] = [];
  return {
    reads,
    async read(bucket, key, maxBytes) {
      reads.push(key);
      for (const inject of injectors) {
        const error = inject(key);
        if (error) throw error;
      }
      return inner.read(bucket, key, maxBytes);
    },
    objectExists: (bucket, key) => inner.objectExists(bucket, key),
    destroy: () => inner.destroy(),
    addFaults(rules) {
      const calls = new Map<ObjectFaultRule, number>();
      const log = { failed: 0, healed: false };
      injectors.push((key) => {
        if (log.healed) return undefined;
        // Every matching rule counts the read; the first that chooses to fail it decides how.
        let rule: ObjectFaultRule | undefined;
        for (const r of rules) {
          if (!(r.when?.(key) ?? true)) continue;
          const call = (calls.get(r) ?? 0) + 1;
          calls.set(r, call);
          if (!rule && r.fails(call, key)) rule = r;
        }
        if (!rule) return undefined;
        log.failed++;
        return rule.error();
      });
      return {
        get failed() {
          return log.failed;
        },
        heal: () => void (log.healed = true),
      };
    },
  };
}
