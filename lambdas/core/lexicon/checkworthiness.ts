/**
 * Word lists of the checkworthiness stage (lambdas/core/checkworthiness): the signals that a claim
 * states something a fact-checker could verify (figures, comparisons, causes, predictions, events)
 * or something they could not (opinions, feelings, questions, promises). Lower case, as tokens'
 * `lower`; contractions are one token ("we'll", "won't").
 */
import { words } from "./words.ts";

/** Number words and units that make a figure without digits ("two million", "half", "a third"). */
export const NUMBER_WORDS = words(
  "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen " +
    "nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands million millions " +
    "billion billions trillion trillions dozen dozens half quarter third thirds fifth percent percentage per-cent " +
    "bn m mn k twice double doubled triple tripled quadrupled halved",
);
/** Units and measures that follow a figure ("3 tonnes"); they make the number a statistic, not a label. */
export const FIGURE_SYMBOLS = new Set(["%", "$", "£", "€", "¥", "₹", "‰"]);

/** Comparison: more/less than, rose/fell, compared with. */
export const COMPARATIVES = words(
  "more less fewer greater higher lower bigger smaller larger better worse faster slower cheaper costlier richer poorer " +
    "older younger longer shorter stronger weaker safer deadlier wealthier healthier heavier lighter",
);
export const CHANGE_VERBS = words(
  "rose rise rises rising risen fell fall falls falling fallen increased increase increases increasing decreased decrease " +
    "decreases decreasing doubled tripled halved grew grow grows growing grown dropped dropping climbed climb climbs soared soar soars surged surge surges plunged plunge plunges jumped jump jumps " +
    "slumped slump shrank shrink shrinks shrunk outnumber outnumbered outpaced exceeded exceeds exceed",
);
/** Comparison in so many words ("compared with", "versus"); "than" is matched by the stage itself. */
export const COMPARISON_MARKERS = words("compared versus vs vs.");
/** "than" after these is no comparison ("rather than", "other than"). */
export const NOT_COMPARISON_BEFORE_THAN = words("rather other");

/** Superlatives that do not end in -est, and record-setting words. */
export const SUPERLATIVES = words("best worst all-time unprecedented worst-ever first-ever biggest-ever record-breaking");
/** Superlative only after a determiner: "the most", "its least". */
export const DETERMINED_SUPERLATIVES = words("most least");
/** "record" is a superlative in "a record high", "record levels", not in "on record". */
export const RECORD_PAIRS: readonly (readonly [string, string])[] = [
  ["record", "high"],
  ["record", "low"],
  ["record", "levels"],
  ["record", "level"],
  ["record", "numbers"],
  ["record", "number"],
  ["new", "record"],
];
/** Determiners before an -est word that make it a superlative ("the highest", "its biggest"). */
export const SUPERLATIVE_DETERMINERS = words("the its their his her our my your");
/** Words ending in -est that are not superlatives. */
export const NOT_SUPERLATIVE_EST = words(
  "interest interests protest protests request requests test tests west rest forest chest guest guests suggest " +
    "harvest contest arrest arrests nest quest manifest conquest inquest honest modest earnest digest invest " +
    "divest arrest latest attest detest infest pest priest unrest wrest crest zest vest behest bequest midwest " +
    "northwest southwest",
);

/** Cause and effect. Two-word markers are matched as pairs. */
export const CAUSAL_WORDS = words(
  "because caused causes causing cause therefore consequently hence blamed blames blaming resulted resulting " +
    "triggered triggers fuelled fueled",
);
/** [first, second]: "due to", "led to", "as a result", "result of". */
export const CAUSAL_PAIRS: readonly (readonly [string, string])[] = [
  ["due", "to"],
  ["led", "to"],
  ["lead", "to"],
  ["leads", "to"],
  ["leading", "to"],
  ["result", "of"],
  ["a", "result"],
  ["contributed", "to"],
  ["linked", "to"],
  ["attributed", "to"],
  ["owing", "to"],
  ["because", "of"],
  ["thanks", "to"],
  ["driven", "by"],
  ["responsible", "for"],
];

/** Future and forecast: "will", "is expected to", "by 2030". */
export const FUTURE_MODALS = words("will won't shall 'll");
/** Forecasts in so many words ("the forecast", "predicted"). */
export const FORECAST_WORDS = words("forecast forecasts forecasted predicted predicts predict projected outlook likely unlikely");
/** Forecast when "to" follows: "is expected to", "is set to", "are going to". */
export const FORECAST_BEFORE_TO = words("expected set poised projected forecast going likely unlikely");
/** First person: with a future modal it is a commitment (a promise), not a forecast. */
export const FIRST_PERSON_SUBJECTS = words("i we");
/** First person with the verb or auxiliary fused on: "I'll", "we're (going to)". */
export const FIRST_PERSON_FUSED = words("i'll we'll i'm we're i'd we'd i've we've");

/** A commitment in so many words. */
export const PROMISE_WORDS = words("promise promises promised pledge pledges pledged vow vows vowed guarantee guarantees commit committed commitment");
/** Cue verbs that make the claim itself a promise, a prediction or a question. */
export const PROMISE_CUES = words("promise promises promised pledge pledges pledged vow vows vowed guarantee guaranteed assure assured");
export const PREDICTION_CUES = words("predict predicts predicted forecast forecasts forecasted project projected expect expects expected warn warns warned estimate estimated");
export const QUESTION_CUES = words("ask asks asked asking wonder wonders wondered question questioned");

/**
 * What happened: past-tense verbs that are not regular -ed forms. Verbs whose past is their present
 * ("cut", "put", "hit", "set") are left out: "we will cut taxes" is no event.
 */
export const IRREGULAR_PAST = words(
  "went came took made gave found left lost won met paid sent spent sold bought built began broke " +
    "fell rose grew ran kept held brought saw knew became got fought caught chose drove ate flew forgot froze hid " +
    "led meant rode shot sang sank sat slept spoke stood stole struck swore swam taught threw understood wore wrote",
);
/** Words ending in -ed that are adjectives, not past-tense events ("concerned", "interested"). */
export const NOT_PAST_ED = words(
  "concerned interested pleased delighted excited worried tired bored scared disappointed embarrassed surprised " +
    "shocked amazed annoyed ashamed committed determined prepared supposed used united red bed need indeed speed " +
    "seed feed proceed exceed succeed hundred kindred sacred naked wicked ragged rugged crooked beloved alleged " +
    "so-called based related expected detailed advanced limited talented balanced sophisticated complicated",
);
/** Time expressions that place a statement in the past. */
export const PAST_TIME = words("yesterday ago last previously earlier formerly");

/** Opinion: hedges, judgements, what ought to be. */
export const OPINION_VERBS = words("think believe reckon feel guess suppose consider");
export const NORMATIVE = words("should shouldn't ought must mustn't needs");
export const EVALUATIVE = words(
  "great terrible wonderful awful fantastic amazing horrible disgraceful disgrace shameful ridiculous absurd " +
    "outrageous unacceptable appalling pathetic stupid silly wrong excellent brilliant beautiful ugly nice " +
    "incredible tremendous bad good evil crazy insane disgusting unfair vital crucial",
);
export const OPINION_PHRASES: readonly (readonly [string, string])[] = [
  ["in", "my"],
  ["my", "view"],
  ["my", "opinion"],
  ["it", "seems"],
  ["i", "think"],
  ["we", "think"],
  ["i", "believe"],
  ["we", "believe"],
];

/** Feelings: emotions and thanks. */
export const FEELING_WORDS = words(
  "happy glad pleased delighted thrilled proud honoured honored grateful thankful sad saddened upset angry furious " +
    "disappointed devastated heartbroken shocked horrified worried concerned excited hopeful optimistic pessimistic " +
    "afraid scared frightened sorry love loved hate hated welcome appreciate appreciated regret regrets",
);
/** Said of oneself and in so many words: thanks, congratulations, condolences. */
export const EXPRESSIVES = words("thank thanks congratulate congratulations condolences sympathy sympathies");
/**
 * Feeling words state a fact when they describe others ("voters were angry"): they count only within
 * this many words after a first-person subject ("I am deeply saddened").
 */
export const FEELING_WINDOW = 4;

/** Questions without a question mark are rare; these open one. */
export const QUESTION_OPENERS = words("who what when where why how which whom whose is are was were do does did can could would should will isn't aren't don't doesn't didn't won't");
