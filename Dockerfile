# Hermes Dashboard: Node 24 runs the TypeScript sources directly (no build step).

# Stage 1: production dependencies. node-pty has no Linux prebuilds, so npm compiles it
# with node-gyp, against the image's own Node headers (no headers download).
FROM node:24-bookworm-slim AS deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm_config_nodedir=/usr/local npm ci --omit=dev --no-audit --no-fund

# Stage 2: the runtime image, without compilers.
FROM node:24-bookworm-slim
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY bin ./bin
COPY src ./src
COPY static ./static

# The Hermes home lives on a volume owned by the unprivileged `node` user (uid 1000).
# The MALLOC_* settings are the ones bin/hermes-dashboard.js starts Node with (why: there).
ENV HERMES_HOME=/opt/data \
    HOST=0.0.0.0 \
    PORT=9119 \
    HERMES_DASHBOARD_NO_OPEN=1 \
    NODE_ENV=production \
    NODE_COMPILE_CACHE=/home/node/.cache/node-compile \
    MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=131072 \
    MALLOC_TRIM_THRESHOLD_=131072
RUN mkdir -p /opt/data /home/node/.cache/node-compile \
 && chown -R node:node /opt/data /home/node/.cache \
 && chmod 700 /opt/data
VOLUME ["/opt/data"]
USER node
# Warm Node's compile cache at build time: the first start then skips TypeScript stripping.
RUN node src/main.ts --version
EXPOSE 9119

# No curl in the image: Node's own fetch checks liveness.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||9119)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# A non-loopback bind engages the auth gate: configure a provider (see README), or the
# dashboard refuses to start rather than serve an open admin console.
CMD ["node", "src/main.ts"]
