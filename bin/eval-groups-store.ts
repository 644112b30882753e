/**
 * The labelled pairs measured through the store itself (`npm run eval:groups -- --store`): every
 * PolNeAR train and dev article's annotated claims with a named speaker are ingested, in publication
 * order, through the real store (createDynamoClaimStore: window reads, candidate reads, sameStatement,
 * enrolments, merges) into DynamoDB Local; a pair counts as grouped when both claims come back with
 * one groupId. Groups are transitive here, as in the store, so a near-miss pair linked through a
 * third wording counts against precision. Prints the read and write units the grouping cost.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { claimId, slugify } from "../lambdas/core/ids.ts";
import { createDynamoClaimStore } from "../lambdas/store/dynamo-store.ts";
import type { StoredClaim } from "../lambdas/store/types.ts";
import { speakerName, type CorpusArticle, type CorpusClaim, type LabelledPair } from "../lambdas/eval/claim-pairs.ts";
import { startDynamoDbLocal } from "../local/services/dynamodb-local.ts";
import { ensureClaimsTable } from "../local/services/table.ts";

type Article = CorpusArticle & { split: string };
const FALLBACK_DATE = "2016-01-01T00:00:00.000Z";

const dateOf = (a: Article) => {
  const ms = Date.parse(a.meta?.publication_date ?? "");
  return Number.isNaN(ms) ? FALLBACK_DATE : new Date(ms).toISOString();
};
const keyOf = (a: Article) => `polnear/${a.id}.txt`;
const idOf = (a: Article, c: CorpusClaim) => claimId(keyOf(a), c.contentStart, c.contentEnd, c.content);

function storedClaims(a: Article): StoredClaim[] {
  return a.claims.flatMap((c) => {
    const name = speakerName(c);
    if (!name) return [];
    const publishedAt = dateOf(a);
    return [{
      id: idOf(a, c), speaker: name, speakerId: slugify(name), speakerType: "person", speakerScope: "global", rule: "gold", speakerMention: name,
      speakerStart: 0, speakerEnd: 0, cue: "", cueStart: 0, cueEnd: 0, content: c.content, contentStart: c.contentStart, contentEnd: c.contentEnd,
      kind: "direct", topic: "politics-government", subjects: [], confidence: 1, articleKey: keyOf(a), publishedAt, extractedAt: publishedAt,
      extractorVersion: "gold", context: c.content, contextContentStart: 0, contextContentEnd: c.content.length,
    } satisfies StoredClaim];
  });
}

export async function evaluateThroughStore(articles: Article[], pairs: LabelledPair[]) {
  const ddb = await startDynamoDbLocal();
  try {
    const client = new DynamoDBClient({ endpoint: ddb.endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
    const tableName = "eval-groups";
    await ensureClaimsTable(client, tableName);
    const store = createDynamoClaimStore({ client, tableName });
    const ordered = [...articles].sort((x, y) => dateOf(x).localeCompare(dateOf(y)) || x.id.localeCompare(y.id));
    let claims = 0;
    for (const [i, a] of ordered.entries()) {
      const list = storedClaims(a);
      claims += list.length;
      await store.replaceArticle({ key: keyOf(a), sequencer: (i + 1).toString(16).padStart(8, "0") }, { publishedAt: dateOf(a) }, list);
    }
    const byId = new Map(articles.map((a) => [a.id, a]));
    const groupOf = new Map<string, string | undefined>();
    const group = async (ref: LabelledPair["a"]) => {
      const a = byId.get(ref.article)!;
      const id = idOf(a, a.claims[ref.claim]!);
      if (!groupOf.has(id)) groupOf.set(id, (await store.getClaim(id))?.groupId);
      return groupOf.get(id);
    };
    const t = { tp: 0, fp: 0, fn: 0, tn: 0 };
    const wrong: { pair: LabelledPair; grouped: boolean; group?: string[] }[] = [];
    for (const p of pairs) {
      const [ga, gb] = [await group(p.a), await group(p.b)];
      const grouped = ga !== undefined && ga === gb;
      if (p.label === "same") grouped ? t.tp++ : t.fn++;
      else grouped ? t.fp++ : t.tn++;
      if (grouped !== (p.label === "same")) {
        const members = grouped ? (await store.listRelatedClaims(idOf(byId.get(p.a.article)!, byId.get(p.a.article)!.claims[p.a.claim]!), { limit: 100 }))?.items.map((c) => c.content) : undefined;
        wrong.push({ pair: p, grouped, ...(members && { group: members }) });
      }
    }
    return {
      articles: ordered.length,
      claims,
      ...t,
      precision: t.tp + t.fp ? t.tp / (t.tp + t.fp) : 1,
      recall: t.tp + t.fn ? t.tp / (t.tp + t.fn) : 1,
      readUnitsPerArticle: store.meter.readUnits / ordered.length,
      writeUnitsPerClaim: store.meter.writeUnits / claims,
      /** The pairs decided wrongly, with the group's wordings where grouped (corpus text: print only). */
      wrong,
    };
  } finally {
    await ddb.stop();
  }
}
