/** Query parameters of the claim lists beyond topic and dates: checkworthiness filter and order. */
import type { ClaimSort } from "../store/types.ts";
import { badRequest } from "./http.ts";
import { truncate } from "./query.ts";

export const CLAIM_SORTS: readonly ClaimSort[] = ["newest", "checkworthiness"];

/** A decimal from 0 to 1 with at most two decimals, as scores are stored ("0.7", "0.65", "1"). */
const SCORE = /^(?:0(?:\.\d{1,2})?|1(?:\.0{1,2})?|\.\d{1,2})$/;

export function parseMinCheckworthiness(value: string): number {
  if (!SCORE.test(value)) throw badRequest(`minCheckworthiness: must be a number from 0 to 1 with at most two decimals, got "${truncate(value)}"`);
  return Number(value);
}

export function parseSort(value: string): ClaimSort {
  const sort = CLAIM_SORTS.find((s) => s === value);
  if (!sort) throw badRequest(`sort: must be one of ${CLAIM_SORTS.join(", ")}, got "${truncate(value)}"`);
  return sort;
}

/** The two parameters as the store and the token scope take them; absent ones stay absent. */
export function parseCheckworthinessQuery(query: Map<string, string>): { minCheckworthiness?: number; sort?: ClaimSort } {
  const min = query.has("minCheckworthiness") ? parseMinCheckworthiness(query.get("minCheckworthiness")!) : undefined;
  const sort = query.has("sort") ? parseSort(query.get("sort")!) : undefined;
  return { ...(min !== undefined && { minCheckworthiness: min }), ...(sort !== undefined && sort !== "newest" && { sort }) };
}
