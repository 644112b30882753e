import { CLAIM_KINDS, SPEAKER_SCOPES, SPEAKER_TYPES } from "../core/model.ts";
import { SPEAKER_LIST_SCOPES } from "../store/types.ts";
import { MAX_TOKEN_LENGTH } from "./page-token.ts";
import { DEFAULT_LIMIT, MAX_LIMIT, MAX_Q_LENGTH } from "./query.ts";
import { DOWNLOADABLE_ROUTES, ROUTES, type RouteName } from "./routes.ts";
import { FEED_RETENTION_DAYS, FEED_SETTLE_MS } from "../store/feed.ts";
import { CHECKWORTHINESS_REASONS } from "../core/checkworthiness/features.ts";
import { CLAIM_SORTS } from "./claim-list-query.ts";
import { EXPORT_LIMIT, LIST_MEDIA_TYPES } from "./list-formats.ts";
import { RANK_WINDOW } from "../store/claim-ranking.ts";
import { CLAIM_CSV_HEADER } from "../export/claims.ts";
import { MAX_TEXT_LIMIT } from "./article-view.ts";

type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str: Schema = { type: "string" };
const int: Schema = { type: "integer", minimum: 0 };
const dateTime: Schema = { type: "string", format: "date-time" };
const speakerType: Schema = { type: "string", enum: [...SPEAKER_TYPES], description: "`document`: a report, survey, study, statement or lawsuit cited as the source." };
const speakerScope: Schema = {
  type: "string",
  enum: [...SPEAKER_SCOPES],
  description: "`article`: a speaker known only within one article (an unresolved or surname-only mention); its id is `<slug>--<8 hex>` and it is never merged with another article's.",
};

const schemas = (topics: readonly string[]): Record<string, Schema> => ({
  Topic: { type: "string", enum: [...topics] },
  Error: {
    type: "object",
    required: ["error", "message"],
    properties: { error: { type: "string", enum: ["BadRequest", "Forbidden", "NotFound", "MethodNotAllowed", "Gone", "NotAcceptable", "InternalError", "ServiceUnavailable"] }, message: { ...str, description: "Which parameter was wrong and why." } },
  },
  Claim: {
    type: "object",
    description: "One attributed claim. Offsets index into the decoded article text; `context` holds the sentence(s) around it.",
    required: ["id", "speaker", "speakerId", "speakerType", "content", "kind", "topic", "articleKey", "publishedAt"],
    properties: {
      id: str, speaker: str, speakerId: str, speakerType, speakerScope, speakerMention: str,
      speakerRole: { ...str, description: "The speaker's role as the article gives it (\"Labour MP\", \"spokesman\"); not part of the name." },
      speakerAffiliation: { ...str, description: "The organization the speaker speaks for in this article." },
      speakerPartial: { type: "boolean", description: "The article names the person only by surname." },
      speakerLink: {
        type: "object",
        description:
          "Present when the store gave the claim another speaker than the extractor: `by` lists the steps (`surname`: linked to the one known person with that surname; `article`: a surname-only name kept in its article; `merge`, `split`: an operator's correction); the other fields are the extractor's speaker.",
        required: ["by", "speakerId", "speaker", "speakerType", "speakerScope"],
        properties: { by: { type: "array", items: { type: "string", enum: ["surname", "article", "merge", "split"] } }, speakerId: str, speaker: str, speakerType, speakerScope },
      },
      rule: { ...str, description: "The attribution rule that found the claim." },
      speakerStart: int, speakerEnd: int, cue: str, cueStart: int, cueEnd: int, content: str, contentStart: int, contentEnd: int,
      kind: { type: "string", enum: [...CLAIM_KINDS] }, topic: ref("Topic"), subjects: { type: "array", items: str, maxItems: 5 },
      confidence: { type: "number", minimum: 0, maximum: 1 },
      checkworthiness: { type: "number", minimum: 0, maximum: 1, description: "How much the claim states something checkable (figures, comparisons, causes, events) rather than opinion, feeling, a question or a promise. A ranking aid, not a judgement of truth; see docs/checkworthiness.md. Absent on claims stored before scoring." },
      checkworthinessReasons: { type: "array", items: { type: "string", enum: [...CHECKWORTHINESS_REASONS] }, description: "The features behind the score: raising ones first, then lowering ones." },
      articleKey: str, title: str, url: str, publishedAt: dateTime,
      extractedAt: dateTime, extractorVersion: str, context: str, contextContentStart: int, contextContentEnd: int,
      groupId: {
        ...str,
        description:
          "Present when the claim says what other claims of its speaker say (the same line repeated across articles, or several outlets reporting one statement, word for word or nearly): the id of the group's first claim, kept if that claim is removed. `GET /claims/{claimId}/related` lists the group.",
      },
      firstSeen: { ...dateTime, description: "With `groupId`: the earliest publication date among the group's claims." },
      seenCount: { ...int, minimum: 1, description: "With `groupId`: how many stored claims the group has, this one included." },
    },
  },
  RelatedClaims: {
    type: "object",
    description: "A claim's group, oldest report first. A claim said once so far is a group of one (no `groupId`).",
    required: ["firstSeen", "seenCount", "items"],
    properties: {
      groupId: str,
      firstSeen: dateTime,
      seenCount: { ...int, minimum: 1 },
      items: { type: "array", items: ref("Claim"), description: "Each report: its article (`articleKey`, `title`, `url`), `speaker`, `publishedAt` and wording (`content`)." },
      nextToken: { ...str, description: "Present when more reports follow: pass it back unchanged to get the next page." },
    },
  },
  RepeatedStatement: {
    type: "object",
    required: ["groupId", "seenCount", "firstSeen", "lastSeen", "claim"],
    properties: { groupId: str, seenCount: { ...int, minimum: 2 }, firstSeen: dateTime, lastSeen: dateTime, claim: { ...ref("Claim"), description: "The statement's first report." } },
  },
  Speaker: {
    type: "object",
    required: ["speakerId", "speaker", "speakerType", "speakerScope", "claimCount", "topics", "aliases", "roles", "affiliations"],
    properties: {
      speakerId: str, speaker: str, speakerType, speakerScope, claimCount: int,
      topics: { type: "object", description: "topic slug → claim count", additionalProperties: int },
      aliases: { type: "array", items: str, description: "How articles referred to the speaker (\"Mr Blair\", \"the prime minister\")." },
      roles: { type: "array", items: str, description: "Roles articles gave the speaker (at most 8)." },
      affiliations: { type: "array", items: str, description: "Organizations the speaker spoke for (at most 8)." },
      lastClaimAt: dateTime,
      mostRepeated: {
        type: "array",
        items: ref("RepeatedStatement"),
        maxItems: 5,
        description: "Only from `GET /speakers/{speakerId}`: the speaker's statements seen most often (twice or more), most reports first.",
      },
    },
  },
  TopicCount: { type: "object", required: ["topic", "claimCount"], properties: { topic: ref("Topic"), claimCount: int } },
  Article: {
    type: "object",
    description: "The article's processing status; `errorReason`/`errorMessage` are set when it failed.",
    required: ["key", "status", "sequencer", "claimCount", "updatedAt"],
    properties: {
      key: str, status: { type: "string", enum: ["processed", "failed", "deleted"] }, sequencer: str, etag: str, title: str, url: str,
      publishedAt: dateTime, claimCount: int, errorReason: str, errorMessage: str, updatedAt: dateTime,
      extractorVersion: { ...str, description: "The extractor that produced the claims or the rejection (`claims reindex` brings every article to the current one)." },
      revision: { ...int, description: "How many times `claims reindex` re-extracted this version of the object; absent when never." },
    },
  },
  ArticleView: {
    type: "object",
    description:
      "An article with its claims in reading order and, when the API can read the articles bucket, its decoded text. Claim offsets index into `text` only when `textMatchesClaims` is true: it is false when the object was re-uploaded since its claims were extracted (a different ETag) or no longer exists (then `text` is absent).",
    required: ["key", "status", "claimCount", "textMatchesClaims", "claims"],
    properties: {
      key: str, status: { type: "string", enum: ["processed", "failed", "deleted"] }, title: str, url: str, publishedAt: dateTime, claimCount: int,
      errorReason: str, errorMessage: str,
      text: { ...str, description: "The article as decoded for extraction (paragraphs separated by a blank line), from `textOffset` on: all of it, or as much as one response holds (`nextTextOffset` is then set)." },
      textOffset: { ...int, description: "Where `text` starts in the whole text, in UTF-16 code units as claim offsets count." },
      textLength: { ...int, description: "Length of the whole text." },
      nextTextOffset: { ...int, description: "Present when the text goes on: repeat the request with textOffset set to this." },
      textMatchesClaims: { type: "boolean", description: "Whether every claim's offsets line up with the whole text of the version it came from." },
      textUnavailable: {
        type: "string",
        enum: ["gone", "too-large", "undecodable", "not-configured"],
        description: "Why `text` is absent: the object was deleted, exceeds MAX_ARTICLE_BYTES, cannot be decoded, or the API has no CLAIMS_BUCKET.",
      },
      claims: { type: "array", items: ref("Claim") },
      claimsOmitted: { ...int, description: "Claims left out to keep the response under Lambda's 6 MB (only articles with thousands of long claims)." },
    },
  },
  ClaimChange: {
    type: "object",
    description: "A claim as it is now (`upsert`: added or changed; `claim` holds it) or gone (`delete`). `changedAt`: when the change was recorded.",
    required: ["op", "claimId", "changedAt"],
    properties: { op: { type: "string", enum: ["upsert", "delete"] }, claimId: str, changedAt: dateTime, claim: ref("Claim") },
  },
  ClaimChanges: {
    type: "object",
    required: ["items", "nextSince", "caughtUp"],
    properties: {
      items: { type: "array", items: ref("ClaimChange") },
      nextSince: { ...str, description: "Always present: pass it as `since` for the changes after this page (also when `caughtUp`, to poll)." },
      caughtUp: { type: "boolean", description: `True when the page reached the newest change older than ${FEED_SETTLE_MS / 1000} seconds; poll again with nextSince.` },
    },
  },
  ClaimList: {
    ...list("Claim"),
    properties: {
      ...(list("Claim").properties as Schema),
      ranking: {
        type: "object",
        description: `With sort=checkworthiness: the ranking covers the newest ${RANK_WINDOW} claims that match the filters; complete is false when older ones exist (narrow from/to to rank them).`,
        required: ["ranked", "complete"],
        properties: { ranked: int, complete: { type: "boolean" } },
      },
    },
  },
  SpeakerList: list("Speaker"),
  TopicList: { type: "object", required: ["items"], properties: { items: { type: "array", items: ref("TopicCount") } } },
  ArticleClaims: {
    type: "object",
    required: ["article", "items"],
    properties: { article: { oneOf: [ref("Article"), { type: "null" }] }, items: { type: "array", items: ref("Claim") }, claimsOmitted: int },
  },
});

function list(item: string): Schema {
  return {
    type: "object",
    required: ["items"],
    properties: {
      items: { type: "array", items: ref(item) },
      nextToken: { ...str, description: "Present when more items follow: pass it back unchanged, with the same filters, to get the next page." },
    },
  };
}

const pathParams: Record<string, Schema> = {
  speakerId: { name: "speakerId", in: "path", required: true, schema: { type: "string", pattern: "^[a-z0-9](?:[a-z0-9-]{0,126}[a-z0-9])?$" } },
  topic: { name: "topic", in: "path", required: true, schema: ref("Topic") },
  articleKey: { name: "articleKey", in: "path", required: true, description: "The S3 object key, URL-encoded (`/` as %2F); every key S3 accepts, control characters included (tab as %09, newline as %0A).", schema: { type: "string", minLength: 1, maxLength: 1024 } },
  claimId: { name: "claimId", in: "path", required: true, schema: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" } },
};

const queryParams: Record<string, Schema> = {
  type: { name: "type", in: "query", schema: { type: "string", enum: [...SPEAKER_TYPES] } },
  scope: {
    name: "scope",
    in: "query",
    description: "`global` (default): speakers known across articles; `article`: only speakers known within one article; `all`: both.",
    schema: { type: "string", enum: [...SPEAKER_LIST_SCOPES], default: "global" },
  },
  q: {
    name: "q",
    in: "query",
    description: "Words that must each start a word of the speaker's name or an alias (case and accents ignored); at least one of two letters or digits. Within a page, most claims first.",
    schema: { type: "string", maxLength: MAX_Q_LENGTH },
  },
  topic: { name: "topic", in: "query", schema: ref("Topic") },
  from: { name: "from", in: "query", description: "Inclusive; YYYY-MM-DD (start of that day, UTC) or an ISO date-time with offset.", schema: { type: "string" } },
  to: { name: "to", in: "query", description: "Inclusive; YYYY-MM-DD (end of that day, UTC) or an ISO date-time with offset. Must not be before `from`.", schema: { type: "string" } },
  limit: { name: "limit", in: "query", description: `Up to ${MAX_LIMIT} (default ${DEFAULT_LIMIT}); a CSV or JSON Lines download up to ${EXPORT_LIMIT.max} (default ${EXPORT_LIMIT.default}).`, schema: { type: "integer", minimum: 1, maximum: EXPORT_LIMIT.max } },
  minCheckworthiness: { name: "minCheckworthiness", in: "query", description: "Only claims whose checkworthiness is at least this: 0 to 1, at most two decimals.", schema: { type: "number", minimum: 0, maximum: 1 } },
  sort: {
    name: "sort",
    in: "query",
    description: `newest (default): newest first. checkworthiness: highest score first, then newest, among the newest ${RANK_WINDOW} claims that match the other filters (see \`ranking\` in the response).`,
    schema: { type: "string", enum: [...CLAIM_SORTS], default: "newest" },
  },
  textOffset: { name: "textOffset", in: "query", description: "Where the served text starts (UTF-16 code units); the previous response's nextTextOffset.", schema: { type: "integer", minimum: 0, default: 0 } },
  textLimit: { name: "textLimit", in: "query", description: "Most characters of text to serve.", schema: { type: "integer", minimum: 1, maximum: MAX_TEXT_LIMIT, default: MAX_TEXT_LIMIT } },
  since: {
    name: "since",
    in: "query",
    description: `The nextSince of a previous page (opaque, signed). Absent: from the oldest change kept (${FEED_RETENTION_DAYS} days). A position older than that is answered 410.`,
    schema: { type: "string", maxLength: MAX_TOKEN_LENGTH },
  },
  nextToken: { name: "nextToken", in: "query", description: "Opaque, signed; valid only for the query that returned it.", schema: { type: "string", maxLength: MAX_TOKEN_LENGTH } },
};

const operations: Record<RouteName, { summary: string; body: string; notFound?: boolean; gone?: boolean }> = {
  index: { summary: "Where to start: the route list and this document's location", body: "" },
  listSpeakers: { summary: "Speakers with claim counts, most claims first (speakers known only within one article with `scope`)", body: "SpeakerList" },
  getSpeaker: { summary: "One speaker (article-scoped ones too): name, type, aliases, roles, affiliations, claim counts by topic, most repeated statements", body: "Speaker", notFound: true },
  listSpeakerClaims: { summary: "A speaker's claims, newest first", body: "ClaimList", notFound: true },
  listTopics: { summary: "Every topic of the taxonomy with its claim count", body: "TopicList" },
  listTopicClaims: { summary: "A topic's claims, newest first", body: "ClaimList" },
  getArticle: { summary: "An article: its text, status and claims, for highlighting claims in place", body: "ArticleView", notFound: true },
  listArticleClaims: { summary: "An article's claims and its processing status", body: "ArticleClaims", notFound: true },
  listClaimChanges: {
    summary: "Every claim added, changed or removed since a position, in the order of the changes: follow nextSince to keep a copy of the claims in step",
    body: "ClaimChanges",
    gone: true,
  },
  getClaim: { summary: "One claim", body: "Claim", notFound: true },
  listRelatedClaims: { summary: "The claims that say what this claim says (its speaker's repeats and other outlets' reports), oldest first", body: "RelatedClaims", notFound: true },
  openapi: { summary: "This OpenAPI 3.1 document", body: "" },
};

const DOWNLOAD_DESCRIPTION =
  "Also a download: `Accept: text/csv` (RFC 4180, UTF-8 with a byte-order mark, a header row; cells that a spreadsheet would run as a formula are prefixed with an apostrophe) " +
  `or \`Accept: application/x-ndjson\` (one claim per line, as in the JSON list). A download page holds up to ${EXPORT_LIMIT.max} claims; the next page's token is in the \`x-next-token\` header ` +
  "and a `link: <?…>; rel=\"next\"` header. Without Accept, or with a wildcard, the answer is JSON.";
const DOWNLOAD_CONTENT = {
  [LIST_MEDIA_TYPES.csv]: { schema: { type: "string", description: `Columns: ${CLAIM_CSV_HEADER.join(", ")}` } },
  [LIST_MEDIA_TYPES.ndjson]: { schema: { type: "string", description: "One Claim object (as in the JSON list) per line." } },
};
const DOWNLOAD_HEADERS = {
  "x-next-token": { description: "Downloads only: the nextToken of the next page, when there is one.", schema: str },
  link: { description: 'Downloads only: `<?query of the next page>; rel="next"`, relative to the request URL.', schema: str },
  "x-claims-omitted": { description: "Article downloads only: claims left out to keep the response under Lambda's 6 MB, as claimsOmitted in JSON.", schema: str },
  vary: { description: "Accept (and Origin when CORS is restricted): the representation depends on them.", schema: str },
};

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ref("Error") } } });

/** The OpenAPI 3.1 document, generated from the same route table the dispatcher uses. */
export function buildOpenApiDocument(topics: readonly string[]): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const [name, route] of Object.entries(ROUTES) as [RouteName, (typeof ROUTES)[RouteName]][]) {
    const op = operations[name];
    const parameters = [...(route.path.match(/\{(\w+)\}/g) ?? []).map((p) => pathParams[p.slice(1, -1)]!), ...route.query.map((q) => queryParams[q]!)];
    const downloadable = DOWNLOADABLE_ROUTES.has(name);
    paths[route.path] = {
      get: {
        operationId: name,
        summary: op.summary,
        ...(downloadable && { description: DOWNLOAD_DESCRIPTION }),
        ...(parameters.length && { parameters }),
        responses: {
          "200": {
            description: "OK",
            content: { "application/json": { schema: op.body ? ref(op.body) : { type: "object" } }, ...(downloadable && DOWNLOAD_CONTENT) },
            ...(downloadable && { headers: DOWNLOAD_HEADERS }),
          },
          "400": errorResponse("A parameter is invalid; the message names it. Unknown or repeated query parameters are rejected."),
          ...(op.notFound && { "404": errorResponse("No such item") }),
          ...(op.gone && { "410": errorResponse("`since` is older than the feed keeps: sync again from the start") }),
          "405": errorResponse("Only GET, HEAD (GET's headers without the body) and OPTIONS are supported"),
          ...(downloadable && { "406": errorResponse("The Accept header names none of application/json, text/csv, application/x-ndjson") }),
          "500": errorResponse("Internal error; nothing internal is disclosed"),
          "503": errorResponse("The store did not answer in time; retry after the seconds in the Retry-After header"),
        },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "claim-tracker read API", version: "1.0.0", description: "Attributed claims by speaker, topic and article. Paths are relative to the API base URL." },
    servers: [{ url: ".", description: "the API base: where this document is served from (http://127.0.0.1:3000/api locally)" }],
    paths,
    components: { schemas: schemas(topics) },
  };
}
