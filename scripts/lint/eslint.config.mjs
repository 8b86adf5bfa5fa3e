// eslint's configuration for the plugin's scripts (scripts/check web). The linters live in
// $PAPERSHELF_WEB_LINTERS (scripts/install-linters), not beside this file: load them from there.
import { createRequire } from "node:module";

const require = createRequire(`${process.env.PAPERSHELF_WEB_LINTERS}/`);
const js = require("@eslint/js");
const globals = require("globals");

export default [
  js.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...globals.browser },
    },
  },
];
