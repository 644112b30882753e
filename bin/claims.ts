/**
 * The `claims` command line. Each subcommand lives in bin/commands/ and is added below with one line.
 */
import { Command, CommanderError } from "commander";
import { extractCommand, EXIT } from "./commands/extract.ts";
import { ingestCommand } from "./commands/ingest.ts";
import { exportCommand } from "./commands/export.ts";
import { reindexCommand } from "./commands/reindex.ts";
import { speakersCommand } from "./commands/speakers.ts";
import { feedCommand } from "./commands/feed.ts";

const program = new Command()
  .name("claims")
  .description("claim-tracker: extract attributed claims from news articles")
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

program.addCommand(extractCommand().exitOverride());
program.addCommand(ingestCommand().exitOverride());
program.addCommand(exportCommand().exitOverride());
program.addCommand(reindexCommand().exitOverride());
program.addCommand(speakersCommand().exitOverride());
program.addCommand(feedCommand().exitOverride());

// A broken pipe (`claims extract dir | head`) is a normal way for a reader to stop.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // Help and version are successes; every other parse error is bad usage.
    process.exitCode = e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help" ? EXIT.ok : EXIT.usage;
  } else {
    process.stderr.write(`claims: ${(e as Error).message}\n`);
    process.exitCode = EXIT.usage;
  }
}
