import { articleMix } from "/work/wt/scale2/bench/hot-keys.ts";
import { analyzeArticle } from "/work/wt/scale2/lambdas/core/pipeline.ts";
import { toStoredClaims } from "/work/wt/scale2/lambdas/ingest/stored-claims.ts";
import { toClaimItem } from "/work/wt/scale2/lambdas/store/claim-item.ts";
import { countClaims } from "/work/wt/scale2/lambdas/store/article-counts.ts";
import { marshall } from "/work/wt/scale2/node_modules/@aws-sdk/util-dynamodb/dist-cjs/index.js";
const KB = 1024;
function valueSize(v: any): number {
  if (typeof v.S === "string") return Buffer.byteLength(v.S);
  if (typeof v.N === "string") return Math.ceil(v.N.replace(/^[-0.]+/, "").replace(".", "").length / 2) + 1;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (Array.isArray(v.SS)) return v.SS.reduce((n: number, s: string) => n + Buffer.byteLength(s), 0);
  if (Array.isArray(v.L)) return 3 + v.L.reduce((n: number, x: any) => n + 1 + valueSize(x), 0);
  if (v.M) return 3 + Object.entries(v.M).reduce((n: number, [k, x]: any) => n + 1 + Buffer.byteLength(k) + valueSize(x), 0);
  return 0;
}
const size = (o: any) => { const m = marshall(o, { removeUndefinedValues: true }); return Object.entries(m).reduce((n, [k, v]) => n + Buffer.byteLength(k) + valueSize(v), 0); };
const mix = articleMix(600);
let claimUnits = 0, n = 0, over = 0, metaSizes: number[] = [], countsSizes: number[] = [], claimSizes: number[] = [];
for (const a of mix.articles) {
  const r = analyzeArticle(Buffer.from(a.text), { key: a.key, contentType: "text/plain" });
  const stored = toStoredClaims(r.article, r.claims, { articleKey: a.key, lastModified: new Date(), extractedAt: new Date() });
  for (const c of stored) { const s = size(toClaimItem(c, "0".repeat(40))); claimSizes.push(s); claimUnits += Math.ceil(s / KB); n++; if (s > KB) over++; }
  const counts = countClaims(stored);
  countsSizes.push(size({ counts }));
  metaSizes.push(size({ PK: "ARTICLE#" + a.key, SK: "META", key: a.key, seq: "0".repeat(40), status: "processed", ver: 1, claimIds: stored.map((c) => c.id), claimCount: stored.length, counts, updatedAt: new Date().toISOString(), etag: "x".repeat(34), publishedAt: new Date().toISOString() }));
}
const avg = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const units = (x: number[]) => avg(x.map((s) => Math.max(1, Math.ceil(s / KB))));
claimSizes.sort((a,b)=>a-b);
console.log({ claims: n, claimUnitsPerClaim: claimUnits / n, overKB: over / n, claimAvg: avg(claimSizes), p50: claimSizes[n>>1], p90: claimSizes[Math.floor(n*0.9)], metaAvg: avg(metaSizes), metaUnits: units(metaSizes), countsAvg: avg(countsSizes) });
