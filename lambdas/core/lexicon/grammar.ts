/**
 * Word lists the attribution rules use. The cue lexicon is learned (scripts/train-cues.ts); the
 * closed-class lists below are grammar, not data.
 */
import cueLexicon from "./data/cue-lexicon.json" with { type: "json" };

import { words } from "./words.ts";

/** Words inside annotated cue spans that are not the cue itself ("has said", "said in a statement"). */
export const CUE_FILLER = words(
  "a an the has have had having is was were are be been being am 's also to in of on at for by with that this his her " +
    "their its it he she they we i you not n't did does do would will could should may might can must just still only " +
    "again then later earlier previously repeatedly publicly privately reportedly further recently once ever never",
);

/** How often (0..1) a word form heads a cue in the training articles; 0 for unknown words. */
const CUE_STATS = new Map<string, { rate: number; count: number }>();
for (const [w, [cue, total]] of Object.entries((cueLexicon as unknown as { words: Record<string, [number, number]> }).words)) {
  // Smoothed toward zero so a word seen twice cannot look as sure as one seen a thousand times.
  CUE_STATS.set(w, { rate: cue / (total + 2), count: cue });
}
export function cueRate(lower: string): number {
  return CUE_STATS.get(lower)?.rate ?? 0;
}
export function cueWords(): IterableIterator<string> {
  return CUE_STATS.keys();
}
export function cueCount(lower: string): number {
  return CUE_STATS.get(lower)?.count ?? 0;
}

/** Speech verbs that report what someone said; these alone make a quote's attribution. */
export const SPEECH_VERBS = words(
  "say says said saying tell tells told telling add adds added adding write writes wrote writing tweet tweets tweeted " +
    "ask asks asked asking explain explains explained note notes noted warn warns warned insist insists insisted " +
    "caution cautions cautioned concede concedes conceded argue argues argued claim claims claimed declare declares declared " +
    "stated reply replies replied respond responds responded recall recalls recalled " +
    "acknowledge acknowledges acknowledged admit admits admitted announce announces announced report reports reported " +
    "predict predicts predicted suggest suggests suggested observe observes observed joke jokes joked quip quips quipped " +
    "shout shouts shouted yell yelled exclaim exclaimed scream screamed whisper whispered mutter muttered complain complains complained " +
    "boast boasts boasted vow vows vowed promise promises promised pledge pledged assure assured stress stresses stressed " +
    "emphasize emphasizes emphasized emphasise emphasised remark remarked mention mentions mentioned comment commented " +
    "testify testified confirm confirms confirmed deny denies denied counter countered retort retorted fume fumed " +
    "lament lamented concluded conclude concludes allege alleges alleged charge charged contend contends contended " +
    "maintain maintains maintained reiterate reiterated repeat repeated agree agreed disagree disagreed urge urged " +
    "wrote texted emailed blogged",
);

/** Belief and cognition verbs, annotated as attributions in PolNeAR. */
export const COGNITION_VERBS = words(
  "think thinks thought believe believes believed expect expects expected hope hopes hoped fear fears feared " +
    "know knows knew feel feels felt worry worries worried doubt doubts doubted suspect suspects suspected " +
    "estimate estimates estimated want wants wanted",
);

/** Verbs that take the addressee as object before the content ("told reporters that ..."). */
export const OBJECT_VERBS = words(
  "tell tells told telling assure assures assured assuring warn warns warned warning remind reminds reminded " +
    "inform informs informed informing ask asks asked asking urge urges urged urging advise advised convince convinced",
);

/** Auxiliaries and adverbs that can sit between a speaker and its cue ("he has also said"). */
export const AUX = words(
  "has have had having is was were are be been being am 's 've 'd also has not n't did does do would will could should " +
    "may might can must just still only again then later earlier previously repeatedly publicly privately reportedly " +
    "further recently once ever never often already long first even simply flatly openly quickly initially " +
    "immediately separately subsequently specifically explicitly clearly certainly",
);

/** Words that end a noun phrase when walking left from a cue. */
export const NP_STOP = words(
  "that which who whom whose when where while because but if as after before since although though and or nor so than " +
    "to in on at for of by with from about into over under against between through during without within " +
    "is was were are be been being has have had do does did will would can could should may might must not n't " +
    "said says say told tells added according also there here this these those what how why including",
);

export const DETERMINERS = words("the a an this that these those his her their its our my your one some many several two three four five most all each every another other any no");
export const POSSESSIVES = words("his her their its our my your");

export const PRONOUNS = words("he she they it i we you him them us me");
export const MALE_PRONOUNS = words("he him his himself");
export const FEMALE_PRONOUNS = words("she her hers herself");

/** Adjuncts that can follow a cue before its content ("said on Monday that", "told reporters in a statement"). */
export const TIME_WORDS = words(
  "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight earlier later recently previously " +
    "last this next week month year morning afternoon evening night weekend day days weeks months years ago also again " +
    "then now repeatedly publicly privately separately once further on " +
    "january february march april may june july august september october november december",
);
export const ADJUNCT_HEADS = words(
  "statement statements interview interviews release speech speeches letter letters email emails tweet tweets post posts " +
    "conference call calls briefing briefings appearance remarks address hearing testimony op-ed editorial memo report " +
    "filing video message messages radio television tv podcast broadcast rally event debate meeting session twitter " +
    "facebook instagram blog website town hall show program",
);

/** Words before a quote that make it a name or title rather than speech. */
export const NAMING_CUES = words(
  "so-called film movie book novel song album show series program programme play documentary headline " +
    "titled entitled dubbed nicknamed named term word words phrase slogan hashtag label motto brand known " +
    "article column essay poem report magazine newspaper episode podcast",
);
/** Lower-case words a quoted title may hold ("Lord of the Rings"). */
export const TITLE_SMALL_WORDS = words("a an the of and or in on at to for with by from de la le du von van");

/** Finite auxiliaries and modals: a clause has begun. */
export const FINITE = words(
  "is are was were will would could can should may might must has have had did does do shall won't isn't wasn't aren't weren't can't couldn't wouldn't shouldn't doesn't don't didn't hasn't haven't hadn't",
);

/** Words that are capitalized only because they start a sentence or a heading: never a name by themselves. */
export const FUNCTION_WORDS = words(
  "the a an and but or nor so yet for in on at to of by with from as if when while after before since because " +
    "although though this that these those there here it its he she they we i you his her their our my your " +
    "what which who whom whose where why how all some many most more no not one two yes also just even still " +
    "however meanwhile instead then now today yesterday tomorrow last next every each both either neither such " +
    "according asked said says told " +
    "monday tuesday wednesday thursday friday saturday sunday january february march april june july august " +
    "september october november december",
);
/** Lower-case words that join the parts of a name ("Charles de Gaulle", "Bank of England"). */
export const NAME_CONNECTORS = words("de da del della di van von der den bin al la le du dos of for &");

/** Subject pronouns that stand for a person. */
export const PERSON_PRONOUNS = words("he she");
/** First-person pronouns: inside a quote they are its speaker. */
export const FIRST_PERSON = words("i we i'm i've i'd i'll we're we've we'd we'll me us my our");
export const CONJUNCTIONS = words("and but or while as because so");

/** What documents and data do when they report: "a report found that", "figures show". */
export const DOCUMENT_VERBS = words(
  "found finds find showed shows show shown suggest suggests suggested reveal reveals revealed indicate indicates indicated " +
    "conclude concludes concluded estimate estimates estimated state states",
);
/** Participles that report for the subject of their clause ("..., saying it could not", "noting that"). */
export const REPORTING_PARTICIPLES = words(
  "saying adding telling noting stating arguing insisting warning claiming explaining suggesting predicting " +
    "acknowledging admitting confirming denying asserting stressing",
);

/** Paragraph openers that look like "NAME:" but label something else. */
export const NOT_SPEAKER_LABELS = words(
  "update updated related note editor's read watch source sources photo video correction disclosure warning q a question " +
    "answer subscribe advertisement more see also breaking exclusive listen opinion analysis transcript",
);

/**
 * Verbs of saying whose object is almost always a clause ("said the party stuck to the rules"):
 * no finite verb needs to be seen. Others ("announced", "denied", "predicted") report a claim only
 * with a that-clause or a clause that shows itself.
 */
export const CLAUSAL_VERBS = words(
  "say says said saying tell tells told telling add adds added adding insist insists insisted insisting " +
    "argue argues argued arguing claim claims claimed claiming contend contends contended maintain maintains maintained " +
    "explain explains explained note notes noted noting warn warns warned warning stress stresses stressed " +
    "emphasise emphasised emphasize emphasized state states stated write writes wrote believe believes believed " +
    "think thinks thought feel feels felt reckon reckons reckoned fear fears feared hope hopes hoped " +
    "assert asserts asserted reply replied replies respond responded concede conceded concedes admit admits admitted " +
    "agree agreed agrees complain complained complains",
);

/** Forms of "be" (and "get") before a participle: a passive, not the speaker's verb. */
export const BE_FORMS = words("is was were are be been being 's get got gets");
/** "is expected to", "is said to": passive in form, but the attribution still stands. */
export const EXPECTATION_PARTICIPLES = words("expected said believed thought reported known rumored alleged");
/** Words that cannot open the content of reported speech: "endorsed by", "known as". */
export const NOT_A_CLAUSE = words("by as from during after before since until than shortly because while when where at with into among");
/** Prepositions that open an adjunct rather than reported speech in the product ("said of the plan"). */
export const ADJUNCT_PREPOSITIONS = words("about of for on in");
/** Words that open a clause as its subject. */
export const SUBJECT_PRONOUNS = words("he she they we i it there this these those");
export const PREPOSITIONS = words("in on at for with to from by of after before about against like than over under between via through during");
/** Words that open a subordinate clause: a name after one is not the sentence's subject. */
export const SUBORDINATORS = words("where when which who that while");
/** Words that precede a noun, so a word after one is not a verb ("the allegations"). */
export const NOUN_MARKERS = words("the a an its his her their our this that of for to in on with");
/** Question words: content opening with one is an indirect question, not a claim. */
export const QUESTION_WORDS = words("how what why whether when where who which if");
/** Auxiliaries and adverbs between a negation and its verb ("has not yet said"). */
export const NEGATION_FILLERS = words("has have had did does do would will could also yet so far ever");
/** Lower-case words that modify a role before a name ("former aide", "senior official"). */
export const ROLE_MODIFIERS = words("senior deputy acting interim chief former veteran shadow top longtime fellow then executive managing vice general creative technical political financial economic");
/** Adverbs that may stand between a subject and its verb. */
export const SUBJECT_VERB_ADVERBS = words("perhaps probably apparently reportedly allegedly also too not still yet already almost nearly soon repeatedly indeed only");
/** Object pronouns: never a speaker. */
export const OBJECT_PRONOUNS = words("him them us me");
/** Plural nouns for people that do not end in -s. */
export const PLURAL_PEOPLE = words("people police men women staff military authorities public youth crew");
/** Irregular past tenses that make a clause ("sales rose", "profits fell"). */
export const IRREGULAR_PAST = words(
  "rose fell grew went came made took gave saw found left kept held ran won lost sold paid built began spent stood told thought knew felt meant sent became brought bought cut hit put set shut led fled stuck",
);
/** Determiners and openers stripped from a description shown as a speaker ("the analysts" → "analysts"). */
export const ARTICLES = words("the a an this that some many");
/** Prepositions that join a role to whom it serves ("a spokesman for the agency", "chairman of the board"). */
export const ROLE_LINKS = words("of for at from with in");
/** Words that end the phrase before a speaker when walking left ("... and officials said"). */
export const CLAUSE_BOUNDARIES = words("and but while as because that when");
/** Prepositions that open an adjunct between a cue and its content ("said in a statement"). */
export const ADJUNCT_OPENERS = words("in on at to during via through with before after from");

/** Days and months that may stand between a subject and its verb ("The Kremlin on Tuesday said"). "May" is left out: capitalized, it is more often a modal or a name. */
export const CALENDAR_NAMES = words(
  "monday tuesday wednesday thursday friday saturday sunday january february march april june july august september october november december",
);

/** Cue verbs that are as often plural nouns ("terrorist suspects", "fears of a slowdown"). */
export const NOUN_LIKE_CUES = words("suspects fears hopes doubts worries estimates claims reports notes states shows finds");
