import { createDbProgram } from "../../packages/sidecar/src/cli/db-commands.js";

try {
  await createDbProgram().parseAsync(process.argv.slice(2), { from: "user" });
} catch (e) {
  if ((e as { code?: string }).code?.startsWith("commander.")) process.exit(1);
  console.error("subq:", (e as Error).message);
  process.exit(1);
}
