/**
 * The dashboard in a real browser against the real local stack: `local/start.ts` on free ports with a
 * fresh data folder (DynamoDB Local, the local S3 server, the ingest and API handlers), articles of our
 * own uploaded through the S3 API, and Debian's Chromium driven by playwright-core.
 *
 * Each step asserts what is on screen against what the API says, and saves a screenshot of the view at
 * desktop width (and, at the end, phone width) to test-artifacts/dashboard/.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDashboard } from "../../dashboard/build.ts";
import { startStack, stopStack, type Stack } from "../support/local-stack-process.ts";
import { localS3ClientConfig } from "../../local/services/s3-server.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = join(ROOT, "test-artifacts", "dashboard");
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

const HOSTILE_KEY = "desk/council budget.txt";
const HOSTILE_MARKUP = ["<script>window.__pwned=1</script>", "<b>html</b>", "<img src=x onerror=window.__pwned=2>"];

/** Our own articles (never corpus text). Keys include a space to exercise encoding end to end. */
const ARTICLES: Record<string, string> = {
  "desk/kremlin-summit.json": JSON.stringify({
    title: "Kremlin rejects talk of summit with Kyiv",
    url: "https://news.example.com/kremlin-summit",
    publishedAt: "2025-03-04T09:30:00Z",
    text: `MOSCOW — The Kremlin on Tuesday rejected reports of a planned summit between the two presidents. "We have not announced any such meetings," spokesman Dmitry Peskov told reporters in Moscow. Peskov said the president had no plans to travel abroad before the elections.

Ukrainian officials said they had not been consulted on any talks, according to Reuters.`,
  }),
  "desk/economy-slows.json": JSON.stringify({
    title: "Russian economy slows as sanctions bite",
    url: "https://news.example.com/economy-slows",
    publishedAt: "2025-04-02T12:00:00Z",
    text: `MOSCOW — Russia's central bank kept interest rates at a record high on Wednesday as inflation stayed above target. Kremlin spokesman Dmitry Peskov said the economy would grow despite Western sanctions on oil exports. "The rouble is stable and our budget revenues are rising," Peskov told reporters.

Economists said growth in gross domestic product would slow to one percent this year, according to a survey by the Higher School of Economics.`,
  }),
  "desk/flu-wave.txt": `Hospitals brace for winter flu wave

Health officials warned on Monday that hospitals face a difficult winter. "Vaccination remains the best protection against severe illness," said Maria Keller, director of the national health agency. Keller added that intensive care beds were already 90 percent full.
`,
  // One prolific speaker: more claims than one page holds.
  "desk/transport-briefing.txt": `Transport ministry briefing

${Array.from({ length: 24 }, (_, i) => `"Item ${i + 1} of the transport plan is on schedule," said Jana Novak, the transport minister.`).join(" ")}
`,
  [HOSTILE_KEY]: `Council meeting ends in uproar over budget

Mayor Anna Lindqvist defended the city budget at Thursday's council meeting. "We will not cut ${HOSTILE_MARKUP[0]} school funding or ${HOSTILE_MARKUP[1]} libraries ${HOSTILE_MARKUP[2]} this year," Lindqvist told the council. Lindqvist said the budget would be balanced by 2027.
`,
};

/** Uploaded while the speaker's page is open, to see it arrive without a reload. */
const LATE_ARTICLE = {
  key: "desk/election-campaign.json",
  body: JSON.stringify({
    title: "Kremlin comments on election campaign",
    publishedAt: "2025-05-06T08:00:00Z",
    text: `MOSCOW — Dmitry Peskov said on Tuesday that the parliamentary election campaign would start in June. "Voters will have a real choice," Peskov told journalists.`,
  }),
  quote: "Voters will have a real choice",
};

/** Uploaded, then deleted, for the What's new page. */
const FEED_ARTICLE = {
  key: "desk/harbour-reopens.txt",
  body: `Harbour reopens after storm

Port officials said on Friday that the harbour would reopen next week. "Repairs to the north pier will be finished by Monday," said Tomas Berg, the harbour master. Berg added that ferries would run on a reduced timetable until the end of the month.
`,
};

async function api<T>(stack: Stack, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${stack.env.CLAIMS_API_URL}${path}`);
  return { status: res.status, body: (await res.json()) as T };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface ArticleBody {
  article: { status: string } | null;
  items: { speakerId: string; content: string }[];
}
interface ArticleView {
  text?: string;
  textMatchesClaims: boolean;
  claims: { speakerId: string; content: string; contentStart: number; contentEnd: number }[];
}
interface SpeakerBody {
  speakerId: string;
  speaker: string;
  claimCount: number;
  topics: Record<string, number>;
}
interface ClaimsPage {
  items: { id: string; topic: string; content: string; articleKey: string }[];
}

function waitForArticle(stack: Stack, key: string): Promise<ArticleBody> {
  return waitFor(`article ${key} to be processed`, async () => {
    const { status, body } = await api<ArticleBody>(stack, `/articles/${encodeURIComponent(key)}/claims`);
    return status === 200 && body.article?.status === "processed" ? body : undefined;
  }).catch((e: Error) => {
    throw new Error(`${e.message}; the stack said:\n${stack.output().slice(-3000)}`);
  });
}

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`test/e2e/dashboard.test.ts skipped: ${CHROMIUM} is missing (apt-get install -y chromium; npm test's pretest does this as root)`);

describe.skipIf(!hasChromium)("dashboard in Chromium against the local stack", { timeout: 120_000 }, () => {
  let dataDir: string;
  let stack: Stack | undefined;
  let s3: S3Client;
  let context: BrowserContext | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  /** Views visited at desktop width, revisited at phone width at the end. */
  const visited: { name: string; url: string }[] = [];

  async function shoot(name: string, size: { width: number } = DESKTOP): Promise<void> {
    const suffix = size.width === PHONE.width ? "phone" : "desktop";
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${suffix}.png`), fullPage: true });
    if (suffix === "desktop") visited.push({ name, url: page.url() });
  }

  const main = () => page.locator("main");
  const cards = () => page.locator("main .claim-card");

  /**
   * Follows the feed on the What's new page until `done`: *Load more* while it is behind, *Check
   * again* once it is caught up (a change is handed out 5 s after it is recorded), for at most `timeoutMs`.
   */
  async function followFeed(what: string, done: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
    const loadMore = page.getByRole("button", { name: "Load more changes" });
    const checkAgain = page.getByRole("button", { name: "Check again" });
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`timed out following the change feed until ${what}; the page shows:\n${(await main().innerText()).slice(-2000)}`);
      if ((await loadMore.count()) > 0 && (await loadMore.isEnabled())) await loadMore.click({ timeout: 2_000 }).catch(() => undefined);
      else if ((await checkAgain.count()) > 0 && (await checkAgain.isEnabled())) await checkAgain.click({ timeout: 2_000 }).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  async function upload(key: string, body: string): Promise<void> {
    const type = key.endsWith(".json") ? "application/json" : "text/plain; charset=utf-8";
    await s3.send(new PutObjectCommand({ Bucket: stack!.env.CLAIMS_BUCKET, Key: key, Body: body, ContentType: type }));
  }

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    dataDir = await mkdtemp(join(tmpdir(), "dashboard-e2e-"));
    await buildDashboard();
    stack = await startStack(dataDir);
    s3 = new S3Client(localS3ClientConfig(stack.env.AWS_ENDPOINT_URL_S3!));
    context = await chromium.launchPersistentContext(join(dataDir, "browser-profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
      viewport: DESKTOP,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    page.on("pageerror", (e) => pageErrors.push(e.message));
  }, 240_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    if (stack) await stopStack(stack);
    s3?.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it("shows the empty archive with the commands to fill it", async () => {
    await page.goto(stack!.env.CLAIMS_DASHBOARD_URL!);
    await poll(() => main().innerText()).toContain("No claims yet — upload articles to the bucket");
    const text = await main().innerText();
    expect(text).toContain('aws --endpoint-url "$AWS_ENDPOINT_URL_S3" s3 cp article.txt s3://$CLAIMS_BUCKET/');
    expect(text).toContain("npx claims ingest ./articles");
    await shoot("01-empty");
    visited.pop(); // the archive will not be empty again; its phone view is taken now
    await page.setViewportSize(PHONE);
    await shoot("01-empty", PHONE);
    await page.setViewportSize(DESKTOP);
  });

  it("lists the speakers of uploaded articles after a refresh, most claims first", async () => {
    for (const [key, body] of Object.entries(ARTICLES)) await upload(key, body);
    let claims = 0;
    for (const key of Object.keys(ARTICLES)) claims += (await waitForArticle(stack!, key)).items.length;
    // Speaker summaries follow the articles through the stream aggregator: wait until they hold every claim.
    await poll(async () => (await api<{ items: SpeakerBody[] }>(stack!, "/speakers?scope=all&limit=100")).body.items.reduce((n, s) => n + s.claimCount, 0)).toBe(claims);

    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    const rows = page.locator(".speaker-row");
    await poll(() => rows.count()).toBeGreaterThan(0);
    const { body } = await api<{ items: SpeakerBody[] }>(stack!, "/speakers?limit=100");
    const names = await rows.locator(".speaker-name").allInnerTexts();
    expect(names.map((n) => n.trim())).toEqual([...body.items].sort((a, b) => b.claimCount - a.claimCount || a.speaker.localeCompare(b.speaker)).map((s) => s.speaker));
    const peskov = body.items.find((s) => s.speakerId === "dmitry-peskov");
    expect(peskov, "the extractor found Dmitry Peskov").toBeDefined();
    await poll(() => rows.filter({ hasText: "Dmitry Peskov" }).locator(".count-number").innerText()).toBe(String(peskov!.claimCount));
    await shoot("02-speakers");
  });

  it("finds a speaker by searching from the keyboard, and the search is in the URL", async () => {
    const search = page.getByLabel("Search by name");
    // Reach the search box by keyboard alone.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (let i = 0; i < 12 && !(await search.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
    expect(await search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type("peskov");
    await poll(() => page.url()).toContain("q=peskov");
    const rows = page.locator(".speaker-row");
    await poll(() => rows.locator(".speaker-name").allInnerTexts()).toEqual(["Dmitry Peskov"]);
    await shoot("03-search");

    // The URL alone reproduces the view.
    await page.reload();
    await poll(() => rows.locator(".speaker-name").allInnerTexts()).toEqual(["Dmitry Peskov"]);
    expect(await search.inputValue()).toBe("peskov");
  });

  it("filters speakers by type and by topic", async () => {
    await page.goto(`${stack!.env.CLAIMS_DASHBOARD_URL}#/speakers`);
    const rows = page.locator(".speaker-row");
    const filters = page.locator("form.filters");
    const { body: all } = await api<{ items: (SpeakerBody & { speakerType: string })[] }>(stack!, "/speakers?limit=100");

    await filters.getByLabel("Type").selectOption("person");
    await poll(() => page.url()).toContain("type=person");
    const people = all.items.filter((s) => s.speakerType === "person").map((s) => s.speaker);
    expect(people.length).toBeGreaterThan(0);
    await poll(async () => (await rows.locator(".speaker-name").allInnerTexts()).sort()).toEqual([...people].sort());

    await filters.getByLabel("Type").selectOption("");
    await filters.getByLabel("Topic").selectOption("health");
    await poll(() => page.url()).toContain("topic=health");
    const health = all.items.filter((s) => (s.topics.health ?? 0) > 0).map((s) => s.speaker);
    expect(health.length).toBeGreaterThan(0);
    await poll(async () => (await rows.locator(".speaker-name").allInnerTexts()).sort()).toEqual([...health].sort());
    await shoot("03b-speakers-topic");

    // Speakers known only within one article are listed only when asked for, as the API lists them.
    await filters.getByLabel("Topic").selectOption("");
    await filters.getByLabel("Include speakers known only within one article").check();
    await poll(() => page.url()).toContain("scope=all");
    const { body: everyone } = await api<{ items: SpeakerBody[] }>(stack!, "/speakers?scope=all&limit=100");
    await poll(async () => (await rows.locator(".speaker-name").allInnerTexts()).sort()).toEqual(everyone.items.map((s) => s.speaker).sort());
    expect(await rows.locator(".badge-scope").count()).toBe(everyone.items.filter((s) => s.speakerId.includes("--")).length);
    await filters.getByLabel("Include speakers known only within one article").uncheck();
    await poll(() => page.url()).not.toContain("scope=all");
  });

  it("says plainly when a speaker or a page does not exist", async () => {
    await page.goto(`${stack!.env.CLAIMS_DASHBOARD_URL}#/speakers/no-such-speaker`);
    await poll(() => main().innerText()).toContain('no speaker "no-such-speaker"');
    expect(await page.locator("main [role=alert] h2").innerText()).toBe("Not found");
    await page.goto(`${stack!.env.CLAIMS_DASHBOARD_URL}#/nowhere/at/all`);
    await poll(() => page.locator("h1").innerText()).toBe("No such page");
  });

  it("opens the speaker's page: profile, both charts, claims newest first", async () => {
    await page.goto(`${stack!.env.CLAIMS_DASHBOARD_URL}#/speakers?q=peskov`);
    await page.getByRole("link", { name: "Dmitry Peskov" }).first().click();
    await poll(() => page.locator("h1").innerText()).toContain("Dmitry Peskov");
    const { body: speaker } = await api<SpeakerBody>(stack!, "/speakers/dmitry-peskov");
    const { body: claims } = await api<ClaimsPage>(stack!, "/speakers/dmitry-peskov/claims?limit=100");
    await poll(() => cards().count()).toBe(claims.items.length);
    expect(await page.locator(".profile").innerText()).toContain(`${speaker.claimCount} claims`);
    // Newest first, as the API orders them; contents shown as they were said.
    const shown = await cards().locator(".claim-content").allInnerTexts();
    expect(shown.map(normalizeQuote)).toEqual(claims.items.map((c) => normalizeQuote(c.content)));
    // Every card: kind, cue, article title and date, the sentence around it with the claim marked.
    for (const card of await cards().all()) {
      await poll(() => card.locator(".badge-kind").count()).toBe(1);
      expect(await card.locator(".cue").innerText()).not.toBe("");
      expect(await card.locator(".article-link").innerText()).not.toBe("");
      expect(await card.locator("time").innerText()).toMatch(/\d{4}/);
      expect(await card.locator(".claim-context mark").count()).toBe(1);
    }
    await poll(() => page.locator(".chart canvas").count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator(".chart").first().getAttribute("aria-label")).toMatch(/^Claims per topic: /);
    await shoot("04-speaker");
  });

  it("filters the speaker's claims by topic and by date, in the URL", async () => {
    const { body: speaker } = await api<SpeakerBody>(stack!, "/speakers/dmitry-peskov");
    const topics = Object.entries(speaker.topics).sort((a, b) => a[1] - b[1]);
    expect(topics.length, "Peskov's articles span more than one topic").toBeGreaterThan(1);
    const [topic, count] = topics[0]!;

    const select = page.locator("form.filters").getByLabel("Topic");
    await select.selectOption(topic);
    await poll(() => page.url()).toContain(`topic=${topic}`);
    await poll(() => cards().count()).toBe(count);
    const label = (await select.locator("option:checked").innerText()).replace(/\s*\(\d+\)$/, "");
    for (const chip of await cards().locator(".topic-chip").allInnerTexts()) expect(chip.trim()).toBe(label);
    await shoot("05-speaker-topic");

    await page.reload();
    await poll(() => cards().count()).toBe(count);
    expect(await select.inputValue()).toBe(topic);

    // Date range: only claims published from April 2025 on.
    await page.locator("form.filters").getByRole("link", { name: "Clear filters" }).click();
    await page.locator("form.filters").getByLabel("From").fill("2025-04-01");
    await poll(() => page.url()).toContain("from=2025-04-01");
    const { body: since } = await api<ClaimsPage>(stack!, "/speakers/dmitry-peskov/claims?from=2025-04-01&limit=100");
    expect(since.items.length).toBeGreaterThan(0);
    expect(since.items.length).toBeLessThan(speaker.claimCount);
    await poll(() => cards().count()).toBe(since.items.length);
    await page.locator("form.filters").getByRole("link", { name: "Clear filters" }).click();
    await poll(() => cards().count()).toBe(speaker.claimCount);
  });

  it("scores every claim: a badge on each card, a filter and an order in the URL, downloads of the filtered list", async () => {
    await page.goto(`${stack!.env.CLAIMS_DASHBOARD_URL}#/speakers/dmitry-peskov`);
    const { body: all } = await api<{ items: { id: string; checkworthiness: number }[] }>(stack!, "/speakers/dmitry-peskov/claims?limit=100");
    await poll(() => cards().count()).toBe(all.items.length);
    const badges = await cards().locator(".badge-cw [aria-hidden=true]").allInnerTexts();
    expect(badges.map((b) => Number(b.match(/\d\.\d\d$/)?.[0]))).toEqual(all.items.map((c) => c.checkworthiness));

    await page.locator("form.filters").getByLabel("Order").selectOption("checkworthiness");
    await poll(() => page.url()).toContain("sort=checkworthiness");
    const { body: ranked } = await api<ClaimsPage>(stack!, "/speakers/dmitry-peskov/claims?sort=checkworthiness&limit=100");
    await poll(() => cards().evaluateAll((els) => els.map((e) => e.getAttribute("data-claim-id")))).toEqual(ranked.items.map((c) => c.id));

    await page.locator("form.filters").getByLabel("Checkworthiness").selectOption("0.5");
    await poll(() => page.url()).toContain("minCheckworthiness=0.5");
    const { body: checkable } = await api<ClaimsPage>(stack!, "/speakers/dmitry-peskov/claims?sort=checkworthiness&minCheckworthiness=0.5&limit=100");
    await poll(() => cards().count()).toBe(checkable.items.length);
    await shoot("05b-speaker-checkworthiness");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("group", { name: "Download these claims" }).getByRole("button", { name: "CSV" }).click()]);
    expect(download.suggestedFilename()).toBe("claims-speaker-dmitry-peskov.csv");
    const csv = await readFile((await download.path())!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = csv.toString("utf8").slice(1).split("\r\n").filter(Boolean);
    expect(records[0]!.startsWith("id,")).toBe(true);
    expect(records.slice(1).map((r) => r.split(",")[0])).toEqual(checkable.items.map((c) => c.id));
    await poll(() => page.locator(".download-status").innerText()).toBe(`Saved ${checkable.items.length} claim${checkable.items.length === 1 ? "" : "s"}`);
    await page.locator("form.filters").getByRole("link", { name: "Clear filters" }).click();
    await poll(() => cards().count()).toBe(all.items.length);
  });

  it("opens a view from a path URL typed into the address bar", async () => {
    const origin = new URL(stack!.env.CLAIMS_DASHBOARD_URL!).origin;
    await page.goto(`${origin}/speakers/dmitry-peskov?topic=politics-government`);
    await poll(() => page.locator("h1").innerText()).toContain("Dmitry Peskov");
    expect(new URL(page.url()).hash).toBe("#/speakers/dmitry-peskov?topic=politics-government");
  });

  it("pages through a long list with Load more", async () => {
    await page.goto(`${stack!.env.CLAIMS_DASHBOARD_URL}#/speakers/jana-novak`);
    const { body: novak } = await api<SpeakerBody>(stack!, "/speakers/jana-novak");
    expect(novak.claimCount).toBeGreaterThan(20);
    await poll(() => cards().count()).toBe(20);
    const loadMore = page.getByRole("button", { name: "Load more claims" });
    await loadMore.click();
    await poll(() => cards().count()).toBe(novak.claimCount);
    // A store may hand out a last token before it knows the list is exhausted; one more read ends it.
    if ((await loadMore.count()) > 0) await loadMore.click();
    await poll(() => loadMore.count()).toBe(0);
    expect(await cards().count()).toBe(novak.claimCount);
    const ids = await cards().evaluateAll((els) => els.map((e) => e.getAttribute("data-claim-id")));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("shows new claims without a reload, keeping the filters", async () => {
    await page.goto(`${stack!.env.CLAIMS_DASHBOARD_URL}#/speakers/dmitry-peskov`);
    await poll(() => cards().count()).toBeGreaterThan(0);
    await page.locator("form.filters").getByLabel("From").fill("2025-01-01");
    await poll(() => page.url()).toContain("from=2025-01-01");
    const { body: current } = await api<ClaimsPage>(stack!, "/speakers/dmitry-peskov/claims?from=2025-01-01&limit=100");
    await poll(() => cards().count()).toBe(current.items.length);
    const before = current.items.length;
    const scrolledTo = await page.evaluate(() => {
      window.scrollTo(0, 400);
      return window.scrollY;
    });
    expect(scrolledTo).toBe(400);
    await upload(LATE_ARTICLE.key, LATE_ARTICLE.body);
    await waitForArticle(stack!, LATE_ARTICLE.key);
    // Polling (every 10 s) brings it in; no navigation, no click.
    await poll(() => main().innerText(), 40_000).toContain(LATE_ARTICLE.quote);
    expect(await cards().count()).toBeGreaterThan(before);
    expect(page.url()).toContain("from=2025-01-01");
    expect(await page.locator("form.filters").getByLabel("From").inputValue()).toBe("2025-01-01");
    // The reader keeps their place: no jump back to the top (the browser may anchor below new content).
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThanOrEqual(400);
  });

  it("opens an article showing its whole text with every claim highlighted by speaker; a highlight leads to the speaker", async () => {
    await cards()
      .filter({ has: page.locator(".claim-content", { hasText: "We have not announced any such meetings" }) })
      .locator(".article-link")
      .click();
    await poll(() => page.locator("h1").innerText()).toBe("Kremlin rejects talk of summit with Kyiv");
    const key = "desk/kremlin-summit.json";
    await waitForArticle(stack!, key);
    const { body: article } = await api<ArticleView>(stack!, `/articles/${encodeURIComponent(key)}`);
    expect(article.textMatchesClaims).toBe(true);
    const source = (JSON.parse(ARTICLES[key]!) as { text: string }).text;
    expect(article.text).toBe(source);

    // The whole article, paragraph by paragraph, not passages stitched from claim contexts.
    const full = page.locator(".article-text.full-text");
    await poll(() => full.locator(".passage").count()).toBe(source.split("\n\n").length);
    const collapse = (text: string) => text.replace(/\s+/g, " ").trim();
    expect(collapse(await full.innerText())).toBe(collapse(source));
    expect(await page.locator(".passage-gap, .excerpt-note").count()).toBe(0);

    // Every claim highlighted exactly over its offsets, in reading order, in its speaker's colour.
    const marks = full.locator(".mark-claim");
    const marked = await marks.evaluateAll((links) => links.map((a) => ({ text: a.textContent ?? "", speakerId: a.getAttribute("data-speaker-id"), background: getComputedStyle(a).backgroundColor })));
    expect(marked.map((m) => m.text)).toEqual(article.claims.map((c) => source.slice(c.contentStart, c.contentEnd)));
    expect(marked.map((m) => m.speakerId)).toEqual(article.claims.map((c) => c.speakerId));
    const speakers = new Set(article.claims.map((c) => c.speakerId));
    expect(await page.locator(".legend .legend-item").count()).toBe(speakers.size);
    const backgroundBySpeaker = new Map(marked.map((m) => [m.speakerId, m.background]));
    for (const m of marked) expect(m.background).toBe(backgroundBySpeaker.get(m.speakerId));
    // Distinct speakers, distinct colours.
    expect(new Set(backgroundBySpeaker.values()).size).toBe(speakers.size);
    const colours = new Set(
      await page.locator(".legend .speaker-dot").evaluateAll((dots) => dots.map((d) => getComputedStyle(d).backgroundColor)),
    );
    expect(colours.size).toBe(speakers.size);
    await shoot("06-article");

    // By keyboard: a highlight takes focus and Enter opens its speaker.
    const peskov = marks.filter({ hasText: "We have not announced any such meetings" }).first();
    await peskov.focus();
    expect(await peskov.evaluate((a) => a === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    await poll(() => page.locator("h1").innerText()).toContain("Dmitry Peskov");
  });

  it("renders markup in quotes as text: it shows literally and no script runs", async () => {
    await page.goto(`${stack!.env.CLAIMS_DASHBOARD_URL}#/speakers?q=lindqvist`);
    await page.getByRole("link", { name: "Anna Lindqvist" }).click();
    await poll(() => page.locator("h1").innerText()).toContain("Anna Lindqvist");
    await poll(() => main().innerText()).toContain(HOSTILE_MARKUP[0]);
    // The quote itself, not just its context sentence, shows the markup as typed.
    const quotes = (await cards().locator(".claim-content").allInnerTexts()).join("\n");
    for (const markup of HOSTILE_MARKUP) expect(quotes).toContain(markup);
    expect(await page.locator("main script, main b, main img").count()).toBe(0);
    await shoot("07-hostile-speaker");

    await page.goto(`${stack!.env.CLAIMS_DASHBOARD_URL}#/articles/${encodeURIComponent(HOSTILE_KEY)}`);
    await poll(() => page.locator(".article-text").innerText()).toContain(HOSTILE_MARKUP[0]);
    for (const markup of HOSTILE_MARKUP) expect(await page.locator(".article-text").innerText()).toContain(markup);
    expect(await page.locator("main script, main b, main img").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    await shoot("08-hostile-article");
  });

  it("shows topics with their counts and most-cited speakers, and a topic's claims", async () => {
    await page.getByRole("link", { name: "Topics", exact: true }).click();
    const { body: topics } = await api<{ items: { topic: string; claimCount: number }[] }>(stack!, "/topics");
    const withClaims = topics.items.filter((t) => t.claimCount > 0);
    const topicCards = page.locator(".topic-card");
    await poll(() => topicCards.count()).toBe(withClaims.length);
    for (const t of withClaims) {
      expect(await page.locator(`.topic-card[data-topic="${t.topic}"] .topic-count`).innerText()).toBe(`${t.claimCount} claim${t.claimCount === 1 ? "" : "s"}`);
    }
    const { body: peskov } = await api<SpeakerBody>(stack!, "/speakers/dmitry-peskov");
    const [peskovTopic] = Object.entries(peskov.topics).sort((a, b) => b[1] - a[1])[0]!;
    await poll(() => page.locator(`.topic-card[data-topic="${peskovTopic}"] .leader-list`).innerText()).toContain("Dmitry Peskov");
    await shoot("09-topics");

    await page.locator(`.topic-card[data-topic="${peskovTopic}"] .topic-title`).click();
    const { body: claims } = await api<ClaimsPage>(stack!, `/topics/${peskovTopic}/claims?limit=100`);
    await poll(() => cards().count()).toBe(Math.min(claims.items.length, 20));
    for (const chip of await cards().locator(".topic-chip").allInnerTexts()) expect(chip.trim()).toBe((await page.locator("h1").innerText()).trim());
    await shoot("10-topic");
  });

  it("says how often a claim was said, and shows the reports side by side with their differences marked", async () => {
    // Two more reports of Maria Keller's line (no date in the text: the upload's date, like desk/flu-wave.txt).
    const reports = {
      "desk/flu-followup.txt": `Flu cases rise again\n\n"Vaccination remains the best protection against severe illness this winter," said Maria Keller, director of the national health agency.\n`,
      "desk/flu-clinics.txt": `Clinics extend opening hours\n\n"Vaccination remains the best protection we have against severe illness," Maria Keller told reporters.\n`,
    };
    for (const [key, body] of Object.entries(reports)) {
      await upload(key, body);
      await waitForArticle(stack!, key);
    }
    const { body: claims } = await api<{ items: { id: string; content: string; seenCount?: number; firstSeen?: string; groupId?: string }[] }>(stack!, "/speakers/maria-keller/claims?limit=100");
    const repeated = claims.items.filter((c) => c.content.startsWith("Vaccination"));
    expect(repeated).toHaveLength(3);
    expect(repeated.map((c) => c.seenCount)).toEqual([3, 3, 3]);
    expect(new Set(repeated.map((c) => c.groupId)).size).toBe(1);
    const { body: keller } = await api<{ mostRepeated: { seenCount: number }[] }>(stack!, "/speakers/maria-keller");
    expect(keller.mostRepeated.map((r) => r.seenCount)).toEqual([3]);

    await page.goto(`${stack!.env.CLAIMS_DASHBOARD_URL}#/speakers/maria-keller`);
    await poll(() => page.locator(".repeated-list li").count()).toBe(1);
    const newest = page.locator(`main .claim-card[data-claim-id="${repeated[0]!.id}"]`);
    await poll(() => newest.locator(".repeat-note").innerText()).toMatch(/^Said 3 times since \d{1,2} \w{3} \d{4}$/);
    // Only the three reports carry a note; the speaker's other claim does not.
    expect(await page.locator("main .claim-card .repeat-note").count()).toBe(3);

    await newest.locator(".repeat-note").click();
    await poll(() => page.locator("h1").innerText()).toMatch(/^Said 3 times since/);
    const wordings = page.locator(".wording-card");
    await poll(() => wordings.count()).toBe(3);
    // Side by side at desktop width: the three cards share one row.
    const tops = await wordings.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    expect(new Set(tops).size).toBe(1);
    // The first report is shown as it was said; each later one marks what it adds.
    expect(await wordings.nth(0).locator("ins, del").count()).toBe(0);
    const added = (await wordings.locator("ins").allInnerTexts()).map((t) => t.replace(/[^\w ]/g, "").trim()).sort();
    expect(added).toEqual(["this winter", "we have"]);
    expect(await page.locator(".wording-card.current").getAttribute("data-claim-id")).toBe(repeated[0]!.id);
    await shoot("12-repeated");
  });

  it("lists what is new since yesterday, one entry per claim, and a removal once the article is deleted", async () => {
    await upload(FEED_ARTICLE.key, FEED_ARTICLE.body);
    const { items } = await waitForArticle(stack!, FEED_ARTICLE.key);
    const claims = items as unknown as { id: string; content: string; title?: string; articleKey: string }[];
    expect(claims.length, "the extractor found a claim in the article").toBeGreaterThan(0);

    await page.goto(`${stack!.env.CLAIMS_DASHBOARD_URL}#/changes`);
    await poll(() => page.locator("h1").innerText()).toBe("What's new");
    expect(await page.locator(".lede").innerText()).toBe("Claims added or changed in the last 24 hours, oldest first.");
    expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "What's new" }).getAttribute("aria-current")).toBe("page");
    expect(await page.getByRole("navigation", { name: "Time window" }).locator("[aria-current=true]").innerText()).toBe("Last 24 hours");

    const entry = (id: string, op: "upsert" | "delete") => page.locator(`main li.change-${op}[data-claim-id="${id}"]`);
    const listed = async (op: "upsert" | "delete") => (await Promise.all(claims.map((c) => entry(c.id, op).count()))).every((n) => n === 1);
    const upToDate = page.locator("main .up-to-date");
    // Every claim of the article, then the end of the feed.
    await followFeed("the article's claims are listed", () => listed("upsert"));
    await followFeed("the feed is caught up", async () => (await upToDate.count()) > 0);
    expect(await upToDate.innerText()).toContain("You are up to date.");
    for (const claim of claims) {
      const card = entry(claim.id, "upsert").locator(".claim-card");
      expect(await card.count()).toBe(1);
      expect(normalizeQuote(await card.locator(".claim-content").innerText())).toBe(normalizeQuote(claim.content));
      expect(await card.locator(".article-link").innerText()).toBe(claim.title || claim.articleKey);
      expect(await entry(claim.id, "upsert").locator(".change-meta time").getAttribute("datetime")).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
    const ids = () => page.locator("main li.change").evaluateAll((els) => els.map((e) => e.getAttribute("data-claim-id")));
    expect(new Set(await ids()).size, "one entry per claim").toBe((await ids()).length);
    await shoot("13-changes");

    // Another window: its own URL and lede; the article, uploaded just now, is in the last hour too.
    await page.getByRole("navigation", { name: "Time window" }).getByRole("link", { name: "Last hour" }).click();
    await poll(() => new URL(page.url()).hash).toBe("#/changes?hours=1");
    await poll(() => page.locator(".lede").innerText()).toBe("Claims added or changed in the last hour, oldest first.");
    await followFeed("the article's claims are listed in the last hour", () => listed("upsert"));

    // Deleting the article removes its claims: after checking again, each is a removal line in place of its card.
    await s3.send(new DeleteObjectCommand({ Bucket: stack!.env.CLAIMS_BUCKET, Key: FEED_ARTICLE.key }));
    await waitFor("the article to be deleted", async () => {
      const { status, body } = await api<ArticleBody>(stack!, `/articles/${encodeURIComponent(FEED_ARTICLE.key)}/claims`);
      return status === 404 || body.items.length === 0 ? true : undefined;
    });
    await followFeed("the removals are listed", () => listed("delete"));
    for (const claim of claims) {
      expect(await entry(claim.id, "upsert").count()).toBe(0);
      const line = (await entry(claim.id, "delete").innerText()).replace(/\s+/g, " ").trim();
      expect(line).toMatch(/^A claim was removed · \d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC · /);
      expect(line.endsWith(` · ${claim.id}`)).toBe(true);
    }
    expect(new Set(await ids()).size, "one entry per claim").toBe((await ids()).length);
    await followFeed("the feed is caught up again", async () => (await upToDate.count()) > 0);
    await poll(() => upToDate.innerText()).toMatch(/Checked at [\d:]+: (\d+ new changes?|nothing new)\./);
    await shoot("14-changes-removed");
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it("lays every view out for a phone without sideways scrolling", async () => {
    await page.setViewportSize(PHONE);
    for (const view of visited) {
      await page.goto(view.url);
      await poll(() => page.locator("main .state-loading").count(), 20_000, `${view.name} finishes loading`).toBe(0);
      await poll(() => page.locator("h1, main h2").count()).toBeGreaterThan(0);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${view.name} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
      await shoot(view.name, PHONE);
    }
  }, 240_000);

  it("says so when the API cannot be reached, keeping the app usable", async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(`${stack!.env.CLAIMS_DASHBOARD_URL}#/speakers`);
    await poll(() => page.locator(".speaker-row").count()).toBeGreaterThan(0);
    await stopStack(stack!);
    // In-app navigation: the page itself stays loaded, only the API is gone.
    await page.getByRole("link", { name: "Topics", exact: true }).click();
    await poll(() => page.locator("main [role=alert]").innerText()).toContain("Cannot reach the API");
    expect(await page.getByRole("button", { name: "Try again" }).count()).toBe(1);
    await shoot("11-api-down");
  });

  it("ran without a page error", () => {
    expect(pageErrors).toEqual([]);
  });
});

/** The machine running this is shared and slow at times: what the page shows is awaited generously. */
function poll<T>(read: () => Promise<T> | T, timeout = 20_000, message?: string) {
  return expect.poll(read, { timeout, interval: 100, message });
}

/** Quotes are shown with typographic marks in place of the ones they arrived with. */
function normalizeQuote(text: string): string {
  return text.trim().replace(/^["“«]|["”»]$/g, "");
}
