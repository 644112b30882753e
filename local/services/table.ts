/**
 * Creates the claims table (keys, GSIs and stream from lambdas/store/schema.ts) if it does not exist yet, and
 * waits until it is ACTIVE. Idempotent: safe on every start of the local stack and in every test.
 * An existing table whose indexes differ from the schema (data kept from an older version of the
 * code) is refused with an error that says so, rather than served wrong.
 *
 *   await ensureClaimsTable(new DynamoDBClient({ endpoint }), "claims");
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  type AttributeDefinition,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type Projection,
} from "@aws-sdk/client-dynamodb";
import { CLAIMS_TABLE_SCHEMA, type IndexDefinition, type TableSchema } from "../../lambdas/store/schema.ts";

export async function ensureClaimsTable(client: DynamoDBClient, tableName: string, schema: TableSchema = CLAIMS_TABLE_SCHEMA): Promise<void> {
  if ((await tableStatus(client, tableName)) === undefined) {
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName, schema)));
    } catch (e) {
      // Another process created it between our look and our create: that is what we wanted.
      if (!(e instanceof ResourceInUseException)) throw e;
    }
  }
  for (let i = 0; i < 300; i++) {
    if ((await tableStatus(client, tableName)) === "ACTIVE") return checkIndexes(client, tableName, schema);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}

async function checkIndexes(client: DynamoDBClient, tableName: string, schema: TableSchema): Promise<void> {
  const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const describe = (gsis: GlobalSecondaryIndex[]) =>
    gsis
      .map((g) => `${g.IndexName}(${g.KeySchema?.map((k) => k.AttributeName).join(",")};${g.Projection?.ProjectionType}:${[...(g.Projection?.NonKeyAttributes ?? [])].sort().join(",")})`)
      .sort()
      .join(" ");
  const stream = (spec?: { StreamEnabled?: boolean; StreamViewType?: string }) => (spec?.StreamEnabled ? ` stream(${spec.StreamViewType})` : "");
  const actual = describe((out.Table?.GlobalSecondaryIndexes ?? []) as GlobalSecondaryIndex[]) + stream(out.Table?.StreamSpecification);
  const wanted = describe(schema.globalSecondaryIndexes.map(toGsi)) + stream(schema.stream && { StreamEnabled: true, StreamViewType: schema.stream });
  if (actual !== wanted) {
    throw new Error(
      `table ${tableName} was created by an older version of claim-tracker (indexes ${actual}; this version needs ${wanted}). ` +
        `Delete the table (or the local data folder) and ingest the articles again.`,
    );
  }
}

export function createTableInput(tableName: string, schema: TableSchema) {
  const keys = [schema.partitionKey, schema.sortKey, ...schema.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  const attributes = new Map<string, AttributeDefinition>();
  for (const k of keys) if (k) attributes.set(k.name, { AttributeName: k.name, AttributeType: k.type });
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST" as const,
    AttributeDefinitions: [...attributes.values()],
    KeySchema: [
      { AttributeName: schema.partitionKey.name, KeyType: "HASH" as const },
      ...(schema.sortKey ? [{ AttributeName: schema.sortKey.name, KeyType: "RANGE" as const }] : []),
    ],
    GlobalSecondaryIndexes: schema.globalSecondaryIndexes.map(toGsi),
    ...(schema.stream && { StreamSpecification: { StreamEnabled: true, StreamViewType: schema.stream } }),
  };
}

function toGsi(index: IndexDefinition): GlobalSecondaryIndex {
  return {
    IndexName: index.indexName,
    KeySchema: [
      { AttributeName: index.partitionKey.name, KeyType: "HASH" },
      ...(index.sortKey ? [{ AttributeName: index.sortKey.name, KeyType: "RANGE" as const }] : []),
    ],
    Projection: toProjection(index.projection),
  };
}

function toProjection(p: IndexDefinition["projection"]): Projection {
  if (p === "ALL" || p === "KEYS_ONLY") return { ProjectionType: p };
  return { ProjectionType: "INCLUDE", NonKeyAttributes: [...p] };
}

async function tableStatus(client: DynamoDBClient, tableName: string): Promise<string | undefined> {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesReady = (out.Table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === "ACTIVE");
    return out.Table?.TableStatus === "ACTIVE" && !indexesReady ? "CREATING" : out.Table?.TableStatus;
  } catch (e) {
    if (e instanceof ResourceNotFoundException) return undefined;
    throw e;
  }
}
