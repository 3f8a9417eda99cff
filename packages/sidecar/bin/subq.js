#!/usr/bin/env node
// Installed entry point: runs the compiled CLI (`pnpm build` first). In the workspace,
// `pnpm subq ...` runs the TypeScript sources directly.
import "../dist/cli/main.js";
