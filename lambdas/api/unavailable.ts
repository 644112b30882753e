/**
 * When the store (DynamoDB, or S3 for an article's text) cannot answer, the API says so with a 503 and
 * a Retry-After rather than a 500: the request was fine and will work later. Two ways to get there:
 * a call fails the way an overloaded or unreachable service fails (timeouts, throttling, 5xx,
 * refused or reset connections), or one read of the store runs past its deadline. The deadline is
 * per read, not per request: the API's own work on a large article (decoding, serializing) is not
 * the store's silence.
 */

/** The request did not finish within the API's deadline; whatever it was waiting for may still be running. */
export class DeadlineExceededError extends Error {
  override readonly name = "DeadlineExceededError";
  constructor(readonly deadlineMs: number) {
    super(`no answer from the store within ${deadlineMs} ms`);
  }
}

const UNAVAILABLE_NAMES = new Set([
  "DeadlineExceededError",
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
  "ThrottlingException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "SlowDown",
]);
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "ECONNABORTED"]);

export function isStoreUnavailable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const err = e as Error & { code?: unknown; statusCode?: unknown; $metadata?: { httpStatusCode?: number } };
  if (UNAVAILABLE_NAMES.has(err.name)) return true;
  if (typeof err.code === "string" && NETWORK_CODES.has(err.code)) return true;
  const status = err.$metadata?.httpStatusCode ?? (typeof err.statusCode === "number" ? err.statusCode : undefined);
  if (status !== undefined && status >= 500) return true;
  // Several calls failing at once (a sharded read) arrive together.
  return e instanceof AggregateError && e.errors.some(isStoreUnavailable);
}

/** `work`, or a DeadlineExceededError after `ms`; the work itself is not cancelled (its result is dropped). */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(ms)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** `target` with every method's promise bounded by `ms` (see withDeadline). */
export function withDeadlines<T extends object>(target: T, ms: number): T {
  const bounded: Record<string, unknown> = {};
  for (const name of methodNames(target)) {
    const method = (target as Record<string, unknown>)[name] as (...args: unknown[]) => Promise<unknown>;
    bounded[name] = (...args: unknown[]) => withDeadline(method.apply(target, args), ms);
  }
  return bounded as T;
}

/** Own and inherited methods (a class instance keeps them on its prototype). */
function methodNames(target: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = target; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const k of Object.getOwnPropertyNames(o)) if (k !== "constructor" && typeof (target as Record<string, unknown>)[k] === "function") names.add(k);
  }
  return [...names];
}
