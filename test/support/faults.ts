/**
 * Fault injection for integration tests: a middleware on a real DynamoDBClient that fails chosen
 * commands (by SDK command name) a given number of times, so a test can stop a write at an exact
 * step and then prove the retry converges. Everything else reaches DynamoDB Local untouched.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

export interface FaultPlan {
  /** e.g. "TransactWriteItemsCommand", "DeleteItemCommand", "BatchWriteItemCommand" */
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
