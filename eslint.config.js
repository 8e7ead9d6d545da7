import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

// Time is injected: only src/app/clock.ts may read the wall clock.
const noWallClock = {
  "no-restricted-syntax": [
    "error",
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "Read time from the injected Clock (src/app/clock.ts)." },
    { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "Read time from the injected Clock (src/app/clock.ts)." },
  ],
};

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "data/", "test-results/", "web/dist/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      ...noWallClock,
      // Only src/app/config.ts reads the environment.
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration from src/app/config.ts." }],
    },
  },
  // The one clock reader of the server, the SDK and the browser app (countdowns corrected by the server's time offset).
  { files: ["src/app/clock.ts", "sdk/src/clock.ts", "web/src/clock.ts"], rules: { "no-restricted-syntax": "off" } },
  { files: ["src/app/config.ts", "scripts/**", "bin/**", "test/**", "bench/**", "vitest.config.ts", "**/*.test.ts"], rules: { "no-restricted-properties": "off" } },
  { files: ["web/**", "sdk/src/**"], languageOptions: { globals: { ...globals.browser } } },
  // The SDK runs outside the server: it has no config module; examples and tests read their environment.
  { files: ["sdk/examples/**", "sdk/test/**"], rules: { "no-restricted-properties": "off" } },
  // Benchmarks measure real elapsed time; they use performance.now(), never Date.
);
