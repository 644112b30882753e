/**
 * Cost per article at public on-demand prices, from measured figures: DynamoDB units from
 * ReturnConsumedCapacity, Lambda duration from the handler's CPU time and its request count, and the
 * fixed request counts of the S3 → SQS → Lambda path.
 */

/** us-east-1 on-demand list prices (USD), as published in November 2026. */
export const PRICES = {
  /** Lambda arm64, per GB-second (first pricing tier). */
  lambdaGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  /** DynamoDB on-demand, per million write / read request units (cut from $1.25 / $0.25 in November 2024). */
  dynamoPerMillionWriteUnits: 0.625,
  dynamoPerMillionReadUnits: 0.125,
  /** SQS standard queue, per million requests (64 KB chunks). */
  sqsPerMillionRequests: 0.4,
  s3PerThousandPut: 0.005,
  s3PerThousandGet: 0.0004,
} as const;

/** Lambda gives a function one full vCPU at 1,769 MB and proportionally less below it. */
export const LAMBDA_FULL_VCPU_MB = 1769;

/**
 * Fixed requests per article on the ingest path, besides the handler's own S3 reads (measured: see
 * `CostInputs.s3GetsPerArticle`). S3: the upload. SQS: S3's SendMessage, plus Lambda's ReceiveMessage
 * and DeleteMessage, which the event source makes per batch (counted per article, as if every batch
 * held one message: the worst case). One Lambda invocation per article for the same reason.
 */
export const REQUESTS_PER_ARTICLE = { s3Put: 1, sqs: 3, lambdaInvocations: 1 } as const;

/**
 * Assumed time of one DynamoDB or S3 request from Lambda in the same region (typical single-digit
 * milliseconds, rounded up), counted as if every request waited for the one before it.
 */
export const AWS_ROUND_TRIP_MS = 10;

export interface CostInputs {
  writeUnitsPerArticle: number;
  readUnitsPerArticle: number;
  /**
   * CPU time of the ingest handler per article on this machine. CPU time rather than wall time: on a
   * shared machine the wall clock also counts time spent waiting for a core and for DynamoDB Local.
   */
  handlerCpuMsPerArticle: number;
  /** DynamoDB and S3 requests per article, each a round trip of AWS_ROUND_TRIP_MS. */
  requestsPerArticle: number;
  /** The handler's S3 GET-class requests per article (GetObject), billed at the GET rate. */
  s3GetsPerArticle: number;
  memoryMB: number;
}

export interface CostBreakdown {
  /** Estimated duration per article at the configured memory: CPU time stretched to Lambda's CPU share, plus round trips. */
  lambdaMsPerArticle: number;
  gbSecondsPerArticle: number;
  perMillionArticlesUSD: {
    lambdaCompute: number;
    lambdaRequests: number;
    dynamoWrites: number;
    dynamoReads: number;
    sqs: number;
    s3: number;
    total: number;
  };
}

export function costPerMillionArticles(inputs: CostInputs): CostBreakdown {
  // CPU-bound work runs slower below a full vCPU; a measured time on a full core is stretched to match.
  const cpuShare = Math.min(1, inputs.memoryMB / LAMBDA_FULL_VCPU_MB);
  const lambdaMsPerArticle = inputs.handlerCpuMsPerArticle / cpuShare + inputs.requestsPerArticle * AWS_ROUND_TRIP_MS;
  const gbSecondsPerArticle = (lambdaMsPerArticle / 1000) * (inputs.memoryMB / 1024);
  const million = 1_000_000;
  const lines = {
    lambdaCompute: gbSecondsPerArticle * million * PRICES.lambdaGbSecond,
    lambdaRequests: REQUESTS_PER_ARTICLE.lambdaInvocations * PRICES.lambdaPerMillionRequests,
    dynamoWrites: inputs.writeUnitsPerArticle * PRICES.dynamoPerMillionWriteUnits,
    dynamoReads: inputs.readUnitsPerArticle * PRICES.dynamoPerMillionReadUnits,
    sqs: REQUESTS_PER_ARTICLE.sqs * PRICES.sqsPerMillionRequests,
    s3: REQUESTS_PER_ARTICLE.s3Put * PRICES.s3PerThousandPut * 1000 + inputs.s3GetsPerArticle * PRICES.s3PerThousandGet * 1000,
  };
  const total = Object.values(lines).reduce((a, b) => a + b, 0);
  return { lambdaMsPerArticle, gbSecondsPerArticle, perMillionArticlesUSD: { ...lines, total } };
}
