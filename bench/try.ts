import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { startLocalStackProcess } from "./local-stack.ts";
import { measureIngestEndToEnd } from "./ingest-e2e.ts";
import { loadCorpus } from "./corpus.ts";
import { meterConsumedCapacity } from "./capacity-meter.ts";
import { createDynamoClaimStore } from "../lambdas/store/dynamo-store.ts";
const stack = await startLocalStackProcess();
try {
  const c = loadCorpus({ limit: 10 });
  await measureIngestEndToEnd(stack, c.articles, { prefix: "x" });
  const client = new DynamoDBClient({ endpoint: stack.env.AWS_ENDPOINT_URL_DYNAMODB, region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
  const m = meterConsumedCapacity(client);
  const store = createDynamoClaimStore({ client, tableName: "claims" });
  const time = async (name: string, f: () => Promise<unknown>) => { const before = JSON.stringify(m.calls); const t = performance.now(); await f(); console.log(name, Math.round(performance.now() - t), "ms", before, "->", JSON.stringify(m.calls)); };
  for (let i = 0; i < 2; i++) {
    await time("listSpeakers", () => store.listSpeakers({ limit: 20 }));
    const sp = (await store.listSpeakers({ limit: 5 })).items[0]!;
    await time("getSpeaker", () => store.getSpeaker(sp.speakerId));
    await time("listSpeakerClaims", () => store.listSpeakerClaims(sp.speakerId, { limit: 20 }));
    await time("listTopics", () => store.listTopics());
    await time("listTopicClaims", () => store.listTopicClaims("politics", { limit: 20 }));
  }
  const t = performance.now();
  const r = await fetch(stack.env.AWS_ENDPOINT_URL_DYNAMODB!, { method: "POST", headers: { "x-amz-target": "DynamoDB_20120810.ListTables", "content-type": "application/x-amz-json-1.0", authorization: "AWS4-HMAC-SHA256 Credential=a/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x" }, body: "{}" });
  await r.text(); console.log("ListTables", performance.now() - t);
} finally { await stack.stop(); }
