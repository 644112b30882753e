/**
 * Every word list of the extraction core, in one place: grammar (closed classes, cue verbs, the
 * learned cue lexicon), sources (titles, roles, organization and document heads) and first names.
 */
export * from "./grammar.ts";
export * from "./sources.ts";
export * from "./first-names.ts";
