/** Closed word lists for telling people, organizations, groups and anonymous sources apart. */

import { words } from "./words.ts";

/** Titles and roles stripped from a person's canonical name (compared lower-case, without dots). */
export const TITLES = words(
  "mr mrs ms miss dr prof professor president vice prime minister secretary sen senator rep representative gov governor " +
    "lt mayor gen general chief spokesman spokeswoman spokesperson press chair chairman chairwoman ceo cfo coo executive " +
    "director foreign defense defence interior finance health state house speaker leader majority minority whip " +
    "ambassador envoy judge justice attorney former deputy assistant acting candidate nominee rev reverend pope king queen " +
    "prince princess sheriff commissioner officer col sgt capt adm cmdr maj lord lady sir dame congressman congresswoman " +
    "councilman councilwoman councilor chancellor premier founder cofounder co-founder adviser advisor aide strategist " +
    "pollster host anchor columnist correspondent reporter editor activist lawyer economist analyst author coach " +
    "manager campaign presidential democratic republican gop senior top white national security homeland us u.s " +
    "general counsel commander colonel sergeant captain admiral inspector superintendent detective treasurer " +
    "comptroller auditor clerk trustee regent dean provost rabbi imam bishop archbishop cardinal father sister brother " +
    "chairperson president-elect incumbent challenger hopeful contender frontrunner front-runner billionaire businessman " +
    "businesswoman mogul star actor actress singer rapper comedian first lady gentleman " +
    "american russian chinese british french german iranian israeli syrian iraqi afghan saudi turkish ukrainian mexican " +
    "canadian indian japanese korean north south east west new the a an his her their its " +
    "striker midfielder goalkeeper defender forward quarterback pitcher captain skipper manager referee " +
    "mp mps msp mep am mla peer baroness baron shadow boss head chief-executive dj presenter chef " +
    "bookmaker analyst expert consultant veteran",
);

/** Lower-case heads that denote organizations. */
export const ORG_HEADS = words(
  "department ministry agency company corporation firm government administration campaign committee party court police " +
    "military army navy office service council commission network newspaper paper magazine group organization " +
    "organisation bank union university college school board authority bureau institute foundation association " +
    "coalition team club league senate congress house parliament assembly legislature cabinet embassy regime " +
    "prosecutors' station channel outlet website site publication tribunal panel caucus pac super-pac fund charity " +
    "hospital airline retailer manufacturer startup lab laboratory center centre inspectorate regulator watchdog " +
    "ministry directorate secretariat observatory utility operator insurer lender broker exchange",
);

/** Capitalized words that make a proper-name run an organization ("New York Times", "Justice Department"). */
export const ORG_NAME_WORDS = words(
  "times post journal news press tribune herald gazette globe telegraph guardian observer chronicle examiner " +
    "reuters bloomberg associated cnn nbc abc cbs msnbc fox npr pbs bbc politico breitbart axios reuters' " +
    "department ministry agency committee party court police army navy office service council commission network " +
    "inc inc. corp corp. co co. ltd llc plc group company corporation bank university college institute foundation " +
    "association coalition union league club senate congress house parliament assembly administration campaign " +
    "kremlin pentagon fbi cia nsa irs epa fda cdc dhs doj gop dnc rnc nato un eu opec who " +
    "center centre board authority bureau organization organisation fund council times' review report magazine daily " +
    "weekly radio television tv channel network studios studio media " +
    "airways airlines airline broadcasting research magazine records pictures communications networks technologies " +
    "software electronics industries holdings partners capital entertainment insurance motors systems securities " +
    "investments trust energy oil petroleum pharmaceuticals telecom telecoms mobile foods brewery stores retail " +
    "consulting services solutions labs laboratories games interactive publishing books music sports athletics " +
    "federation commission tribunal agency unit office trust council forum institute observatory academy society " +
    "awards festival olympics championship championships cup league nations open",
);

/** Political parties, as they stand before a member's name ("Labour MP", "Tory Dominic Grieve"). */
export const PARTY_WORDS = words(
  "labour tory tories conservative conservatives liberal lib dem dems democrat democrats democratic republican " +
    "republicans snp plaid ukip green greens unionist dup sinn fein gop",
);

/** Titles written after a name ("Paul Boateng MP"): not part of it. */
export const POSTNOMINALS = words("mp mps msp mep qc kc obe mbe cbe phd md jr sr esq am");

/** Adjectives of nationality that open organization names ("British Airways", "American Express"). */
export const NATIONALITIES = words(
  "british american english scottish welsh irish french german italian spanish russian chinese japanese " +
    "indian canadian australian european african asian international national united royal global",
);

/** Places that speak for their governments ("Russia said"): typed as organizations. */
export const PLACE_WORDS = words(
  "russia china iran syria israel ukraine britain france germany japan india pakistan mexico canada turkey egypt " +
    "america washington moscow beijing tehran london paris berlin brussels damascus kabul baghdad pyongyang seoul " +
    "north korea south korea saudi arabia",
);

/** Human role nouns: a speaker headed by one of these is a person, a group or an anonymous source. */
export const ROLE_NOUNS = words(
  "official officials spokesman spokeswoman spokesperson spokespeople spokesmen aide aides adviser advisers advisor advisors " +
    "analyst analysts expert experts source sources resident residents lawmaker lawmakers senator senators diplomat " +
    "diplomats economist economists critic critics supporter supporters voter voters officer officers investigator " +
    "investigators prosecutor prosecutors lawyer lawyers attorney attorneys leader leaders member members people person " +
    "witness witnesses observer observers researcher researchers scientist scientists doctor doctors democrats republicans " +
    "activist activists protester protesters protesters strategist strategists pollster pollsters insider insiders " +
    "executive executives staffer staffers candidate candidates president minister secretary director chairman " +
    "chairwoman ambassador envoy general commander governor mayor judge justice representative congressman congresswoman " +
    "delegate delegates donor donors worker workers employee employees student students teacher teachers parent parents " +
    "father mother son daughter wife husband friend friends neighbor neighbors neighbour man woman men women official's " +
    "authorities organizers organisers participants fans users customers citizens americans conservatives liberals " +
    "progressives evangelicals historians scholars observers commentators pundits reporters journalists " +
    "correspondent columnist editor host anchor author writer biographer historian scholar professor aide colleague " +
    "colleagues ally allies opponent opponents rival rivals nominee contender incumbent challenger negotiator " +
    "negotiators inspector inspectors soldier soldiers troops police military generals commanders chief chiefs " +
    "manager managers owner owners founder ceo spokespersons representatives legislators legislator",
);

/** Heads of documents that speak ("a statement said", "the report found"). */
export const DOCUMENT_HEADS = words(
  "statement report study survey poll polls data document documents letter memo filing release analysis review " +
    "records record complaint lawsuit indictment ruling order bill proposal plan platform ad ads advertisement video " +
    "footage website article editorial column post tweet tweets message email emails transcript book research findings " +
    "estimates estimate projections figures numbers",
);

/** Singular heads that are inherently female or male: used to pick a pronoun's antecedent. */
export const FEMALE_ROLES = words("spokeswoman congresswoman chairwoman councilwoman businesswoman mrs ms miss queen princess lady dame actress sister mother daughter wife woman madam");
export const MALE_ROLES = words("spokesman congressman chairman councilman businessman mr king prince sir lord father brother son husband man actor");

/** Determiners that make a role-noun speaker anonymous ("a senior official", "one resident"). */
export const INDEFINITE = words("a an one another some several two three four five many a few");

/** Titles of address: the name after one is a person's ("Mr Blair", "Dr Fox"). */
export const HONORIFICS = words("mr mrs ms miss dr sir dame lady lord mister madam prof professor rev");

/** Heads of organization nominals beyond ORG_HEADS that news uses for firms ("the bookmaker", "the carrier"). */
export const BUSINESS_HEADS = words(
  "bookmaker carrier broadcaster giant chain publisher studio label maker producer supplier provider developer " +
    "retailer airline manufacturer insurer lender bank firm company group business operator regulator watchdog body " +
    "organisation organization agency charity",
);
