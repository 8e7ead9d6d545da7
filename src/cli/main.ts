import "reflect-metadata";
import { CommanderError } from "commander";
import { buildProgram } from "./program.js";
import { exitCodeOf, failLine } from "./output.js";

try {
  await buildProgram().parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode);
  process.stderr.write(`${failLine(e)}\n`);
  process.exit(exitCodeOf(e));
}
