import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // .cache/ holds the conformance suite's Python venv (its packages ship browser JS) and other caches.
  // .pulumi-harness/ holds the installed package and the SDKs tests/yaml generates (generated code, not ours).
  { ignores: ["dist/**", "node_modules/**", "**/node_modules/**", ".cache/**", ".pulumi-harness/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-require-imports": "off",
    },
  },
);
