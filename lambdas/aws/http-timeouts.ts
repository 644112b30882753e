/** Settings of the SDK's NodeHttpHandler shared by the DynamoDB client and the object reader. */

/**
 * The handler's request timeout ends when the response headers arrive; the socket timeout also covers
 * a body that stops half way. Without throwOnRequestTimeout the handler only logs a warning.
 */
export function httpTimeouts(connectionTimeoutMs: number, requestTimeoutMs: number) {
  return { connectionTimeout: connectionTimeoutMs, requestTimeout: requestTimeoutMs, socketTimeout: requestTimeoutMs, throwOnRequestTimeout: true };
}
