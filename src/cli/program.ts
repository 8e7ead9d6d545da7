import { Command, CommanderError } from "commander";
import { VERSION } from "../app/container.js";
import { AppError } from "../shared/errors.js";
import { adminCommands } from "./commands/admin.js";
import { auditCommands } from "./commands/audit.js";
import { backupCommands } from "./commands/backup.js";
import { estCommands } from "./commands/est.js";
import { caCommands } from "./commands/ca.js";
import { securityCommands } from "./commands/security.js";
import { serveCommands } from "./commands/serve.js";
import { trustCommands } from "./commands/trust.js";
import { userCommands } from "./commands/user.js";

export function buildProgram(): Command {
  const program = new Command("landtrade")
    .description("landtrade — online land trading system with its own CA/RA, security service and support desk")
    .version(VERSION)
    .showHelpAfterError(false);
  serveCommands(program);
  adminCommands(program);
  auditCommands(program);
  backupCommands(program);
  caCommands(program);
  securityCommands(program);
  userCommands(program);
  // After the CA commands (they share the `ca` group).
  trustCommands(program);
  estCommands(program);
  // Usage errors become one coded line too.
  const configure = (cmd: Command) => {
    cmd.exitOverride((err: CommanderError) => {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") throw err;
      throw new AppError("CLI_USAGE", { detail: err.message.replace(/^error: /, "") });
    });
    cmd.configureOutput({ writeErr: () => undefined });
    cmd.commands.forEach(configure);
  };
  configure(program);
  return program;
}
