import firstNames from "./data/first-names.json" with { type: "json" };
import type { Gender } from "./resolve.ts";

const MALE = new Set((firstNames as { male: string[] }).male);
const FEMALE = new Set((firstNames as { female: string[] }).female);

/** The gender pronouns usually give a first name, when the learned list knows it. */
export function genderOfFirstName(lowerFirstName: string): Gender {
  if (MALE.has(lowerFirstName)) return "m";
  if (FEMALE.has(lowerFirstName)) return "f";
  return undefined;
}
