#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx landtrade …` works in a checkout without a build step.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
