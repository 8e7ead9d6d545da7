import type { Command } from "commander";
import { ROLES } from "../../auth/roles.js";
import { AppError } from "../../shared/errors.js";
import { withContainer } from "../context.js";
import { print, printTable } from "../output.js";

const CLI_ACTOR = "cli:local-admin";

async function readPassword(opts: { password?: string; passwordStdin?: boolean }): Promise<string> {
  if (opts.passwordStdin) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
  }
  if (opts.password) return opts.password;
  throw new AppError("CLI_USAGE", { detail: "give --password or --password-stdin" });
}

const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), ...v.split(",").map((s) => s.trim()).filter(Boolean)];

export function userCommands(program: Command): void {
  const user = program.command("user").description("staff accounts");
  user
    .command("add")
    .description("create a staff account")
    .requiredOption("-u, --username <name>", "login name (lower-case letters, digits, . _ -)")
    .option("-n, --name <display>", "display name")
    .option("-e, --email <email>", "e-mail address")
    .requiredOption("-r, --role <role>", `role, repeatable or comma-separated: ${ROLES.join(", ")}`, collect)
    .option("-p, --password <password>", "password (visible in the process list; prefer --password-stdin)")
    .option("--password-stdin", "read the password from standard input")
    .action(async (opts: { username: string; name?: string; email?: string; role: string[]; password?: string; passwordStdin?: boolean }) => {
      const password = await readPassword(opts);
      const u = await withContainer((c) =>
        c.staff.create({ username: opts.username, displayName: opts.name ?? opts.username, email: opts.email ?? null, roles: opts.role, password }, CLI_ACTOR),
      );
      print(`created ${u.username} (${u.roles.join(", ")})`);
    });

  user
    .command("list")
    .description("list staff accounts")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      const users = await withContainer((c) => c.staff.list());
      if (opts.json) return print(JSON.stringify(users));
      printTable(users.map((u) => ({ username: u.username, name: u.displayName, roles: u.roles.join(","), state: u.disabled ? "disabled" : "active" })));
    });

  user
    .command("passwd")
    .description("set a staff member's password (ends their sessions)")
    .argument("<username>")
    .option("-p, --password <password>", "new password (prefer --password-stdin)")
    .option("--password-stdin", "read the password from standard input")
    .action(async (username: string, opts: { password?: string; passwordStdin?: boolean }) => {
      const password = await readPassword(opts);
      await withContainer((c) => c.staff.setPassword(username, password, CLI_ACTOR));
      print(`password changed for ${username}`);
    });
}
