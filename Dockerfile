# syntax=docker/dockerfile:1
# Sarah as a production service: the bundled server (dist/), the chat page (web/dist/) and the
# knowledge corpus, on Node 24 with production dependencies only. Build: docker build -t sarah .
# Run: docker run -p 3000:3000 -e DATABASE_URL=postgres://... sarah   (settings: .env.example)

# ---- build: all dependencies, then the web page and the server bundle
FROM node:24-slim AS build
WORKDIR /app
# Dependencies first, so a source change does not reinstall them. `prepare` (scripts/build.mjs
# --prepare) skips the server build here because src/ is not copied yet; `npm run build` does it.
COPY package.json package-lock.json ./
COPY scripts/build.mjs scripts/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
  && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: production dependencies + build output, as the unprivileged `node` user
FROM node:24-slim
ENV NODE_ENV=production \
    NODE_COMPILE_CACHE=/app/.cache/node-compile \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# package.json is needed at run time: it makes dist/*.js ES modules ("type": "module").
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/knowledge ./knowledge
# Writable by the app user: the SQLite default (./data, when DATABASE_URL is not set) and the compile cache.
RUN mkdir -p data .cache/node-compile && chown node:node data .cache/node-compile
USER node
# Fills the compile cache for the first start, and fails the build if the bundle cannot start: one
# offline console conversation with no input (in-memory store, no network).
RUN node dist/main.js chat --jsonl < /dev/null > /dev/null
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node directly (no npm): signals reach Sarah, which closes the server and the store on SIGTERM.
CMD ["node", "dist/main.js", "start"]
