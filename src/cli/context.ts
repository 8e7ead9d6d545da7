import pino from "pino";
import { loadConfig, type Config } from "../app/config.js";
import { createContainer, type Container } from "../app/container.js";

/** Opens the system for one CLI command and always closes it. */
export async function withContainer<T>(fn: (c: Container) => Promise<T>, opts: { migrate?: boolean; overrides?: Partial<Config> } = {}): Promise<T> {
  const config = loadConfig({ overrides: opts.overrides });
  const c = await createContainer(config, { migrate: opts.migrate ?? true, log: silentLogger() });
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

export const silentLogger = () => pino({ level: "silent" });
