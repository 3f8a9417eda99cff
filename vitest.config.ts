import { defineConfig } from "vitest/config";

// Two projects: pure unit tests beside the code, and integration tests in test/ that
// need the real Redis and Postgres on this machine (see .ci/run).
export default defineConfig({
  resolve: { conditions: ["subq-source"] },
  ssr: { resolve: { conditions: ["subq-source"] } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["packages/*/src/**/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
