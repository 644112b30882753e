/**
 * Cost per article at public on-demand prices, from measured figures: DynamoDB units from
 * ReturnConsumedCapacity, Lambda duration from the handler's time, and the fixed request counts of the
 * S3 → SQS → Lambda path.
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
 * Requests per article on the ingest path. SQS: S3's SendMessage, plus Lambda's ReceiveMessage and
 * DeleteMessage, which the event source makes per batch (counted per article, as if every batch held
 * one message: the worst case). One Lambda invocation per article for the same reason.
 */
export const REQUESTS_PER_ARTICLE = { s3Put: 1, s3Get: 1, sqs: 3, lambdaInvocations: 1 } as const;

export interface CostInputs {
  writeUnitsPerArticle: number;
  readUnitsPerArticle: number;
  /** Ingest handler time per article measured on this machine, on one core. */
  handlerMsPerArticle: number;
  memoryMB: number;
}

export interface CostBreakdown {
  /** Billed duration per article at the configured memory, after scaling for Lambda's CPU share. */
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
  const lambdaMsPerArticle = inputs.handlerMsPerArticle / cpuShare;
  const gbSecondsPerArticle = (lambdaMsPerArticle / 1000) * (inputs.memoryMB / 1024);
  const million = 1_000_000;
  const lines = {
    lambdaCompute: gbSecondsPerArticle * million * PRICES.lambdaGbSecond,
    lambdaRequests: REQUESTS_PER_ARTICLE.lambdaInvocations * PRICES.lambdaPerMillionRequests,
    dynamoWrites: inputs.writeUnitsPerArticle * PRICES.dynamoPerMillionWriteUnits,
    dynamoReads: inputs.readUnitsPerArticle * PRICES.dynamoPerMillionReadUnits,
    sqs: REQUESTS_PER_ARTICLE.sqs * PRICES.sqsPerMillionRequests,
    s3: REQUESTS_PER_ARTICLE.s3Put * PRICES.s3PerThousandPut * 1000 + REQUESTS_PER_ARTICLE.s3Get * PRICES.s3PerThousandGet * 1000,
  };
  const total = Object.values(lines).reduce((a, b) => a + b, 0);
  return { lambdaMsPerArticle, gbSecondsPerArticle, perMillionArticlesUSD: { ...lines, total } };
}
