/**
 * The version of the extraction core, recorded on every stored claim and article. It is derived from
 * the core's code and data (`<semver>+<hash>`, see scripts/extractor-fingerprint.ts), so two builds
 * extract alike exactly when they report the same version. version.json is rewritten by
 * `npm run version:extractor`; a unit test fails while it does not match the sources.
 */
import versionFile from "./version.json" with { type: "json" };

export const EXTRACTOR_VERSION: string = versionFile.version;
