import learned from "./data/first-names.json" with { type: "json" };
import common from "./data/first-names-common.json" with { type: "json" };
export type Gender = "m" | "f" | undefined;

// Learned from coreference (scripts/train-names.ts) plus a hand-written list of common names.
const MALE = new Set([...(learned as { male: string[] }).male, ...(common as { male: string[] }).male]);
const FEMALE = new Set([...(learned as { female: string[] }).female, ...(common as { female: string[] }).female]);
// A name both lists claim carries no gender signal.
for (const n of [...MALE]) if (FEMALE.has(n)) {
  MALE.delete(n);
  FEMALE.delete(n);
}

/** The gender pronouns usually give a first name, when the learned list knows it. */
export function genderOfFirstName(lowerFirstName: string): Gender {
  if (MALE.has(lowerFirstName)) return "m";
  if (FEMALE.has(lowerFirstName)) return "f";
  return undefined;
}
