# syntax=docker/dockerfile:1
# Multi-stage image: compile once in a build stage, ship only production dependencies and dist/.
# The runtime never compiles; it runs `node dist/src/main.js` as the unprivileged `node` user.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY core ./core
COPY src ./src
COPY schema ./schema
COPY resolvers ./resolvers
COPY datasources ./datasources
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 4000
# Liveness only: /health answers while the process does (vendor outages never fail it).
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Mount a config at /app/meetgraph.yaml (or set MEETGRAPH_CONFIG); without one a production start refuses
# to run unless `--sandbox` is given.
CMD ["node", "dist/src/main.js"]
