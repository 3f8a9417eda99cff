# syntax=docker/dockerfile:1
#
# The subq sidecar. Three stages:
#   build   all dependencies, `tsc -b` (packages/*/dist)
#   prod    production dependencies of @subq/sidecar and its workspace packages only,
#           plus the built dist and the files read at runtime, in the repository's layout
#           (dist/ finds lua/, migrations/ and sql/ by the same relative paths as src/)
#   runtime plain node, non-root, runs the built CLI (no tsx, no pnpm)
#
#   docker build -t subq .
#   docker run --rm -p 7480:7480 -e SUBQ_REDIS_URL=redis://redis:6379 \
#     -e SUBQ_DATABASE_URL='postgres://postgres@postgres:5432/subq_{tenant}' -e SUBQ_TENANT_NAMES=acme \
#     -e SUBQ_TOKENS=myapp:$(openssl rand -hex 32) subq start --role api
#   docker run --rm subq jql explain 'project = FOO AND assignee = currentUser()'
#
# Keep the COPY lists in step with the workspace: test/cli/built-cli.test.ts checks that
# every file the built code reads at runtime is copied into the prod stage.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
ENV PNPM_HOME=/pnpm
ENV PATH=$PNPM_HOME:$PATH
# npm, not corepack: corepack checks a signature that fails behind some registries and proxies.
RUN npm i -g pnpm@10.34.9
WORKDIR /app
# Every workspace manifest, so the lockfile matches the workspace (--frozen-lockfile).
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY packages/jql/package.json packages/jql/
COPY packages/client/package.json packages/client/
COPY packages/sidecar/package.json packages/sidecar/
COPY bench/package.json bench/
COPY examples/service-desk-queue/package.json examples/service-desk-queue/

FROM base AS build
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store pnpm install --frozen-lockfile
COPY tsconfig.json tsconfig.base.json ./
COPY packages/jql packages/jql
COPY packages/client packages/client
COPY packages/sidecar packages/sidecar
RUN pnpm build

FROM base AS prod
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --prod --frozen-lockfile --filter "@subq/sidecar..."
# The benchmarks and examples run from a checkout (`subq bench` says so), not from the image.
RUN rm -rf bench examples
COPY --from=build /app/packages/jql/dist packages/jql/dist
COPY --from=build /app/packages/client/dist packages/client/dist
COPY --from=build /app/packages/sidecar/dist packages/sidecar/dist
COPY packages/sidecar/bin packages/sidecar/bin
COPY packages/sidecar/migrations packages/sidecar/migrations
COPY packages/sidecar/sql packages/sidecar/sql
COPY lua lua
# Declarations are for compilers; the image runs JavaScript (source maps stay for stack traces).
RUN find packages -path '*/dist/*' \( -name '*.d.ts' -o -name '*.d.ts.map' \) -delete \
 && rm -rf packages/*/dist/testing packages/*/dist/*/testing

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    SUBQ_HOST=0.0.0.0 \
    SUBQ_PORT=7480
WORKDIR /app
# Owned by root, run as node: the process cannot change its own code.
COPY --from=prod /app /app
USER node
EXPOSE 7480
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.SUBQ_PORT || 7480}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "--enable-source-maps", "/app/packages/sidecar/dist/cli/main.js"]
CMD ["start"]
