# 意见 yijian as a container: Debian 12 (bookworm) slim, Node 20, an unprivileged user, everything
# it keeps in the /data volume. README "Running it as a service" has the run command, the settings
# and the recovery drill.
#
#   docker build -t yijian .
#   docker run -d --name yijian -p 8787:8787 -p 25:2525 -v yijian-data:/data \
#     -e PUBLIC_BASE_URL=https://yijian.example.gov.cn -e MAIL_DOMAIN=yijian.example.gov.cn yijian
ARG NODE_VERSION=20.20.2

FROM node:${NODE_VERSION}-bookworm-slim AS dependencies
WORKDIR /app
# better-sqlite3 installs a prebuilt binary for glibc on amd64 and arm64; the compiler is only its
# fallback, and stays in this stage.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    SMTP_PORT=2525 \
    DATA_DIR=/data \
    LOG_FORMAT=json \
    SEED_SAMPLES=false \
    SHUTDOWN_TIMEOUT_SECONDS=8
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY views ./views
COPY migrations ./migrations
COPY seeds ./seeds
# Compiled once here (esbuild, `npm run build`): the app runs dist/ on plain node, without tsx's
# loader in each thread, and cannot write its own code anyway.
RUN node --import tsx src/cli/build.ts
# The code belongs to root and is read-only to the app; only /data is the app's to write.
RUN groupadd --system --gid 10001 yijian \
  && useradd --system --uid 10001 --gid yijian --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin yijian \
  && mkdir -p /data \
  && chown yijian:yijian /data \
  && chmod 0700 /data
USER yijian:yijian
VOLUME ["/data"]
# HTTP, and the SMTP listener for feedback by email (map host port 25 to it, or point a relay at it).
EXPOSE 8787 2525
# Liveness only: /readyz (database, migrations, writer, disk) is for a load balancer to route by.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node itself is PID 1 (not npm, which would not pass SIGTERM on): `docker stop` sends SIGTERM,
# the app finishes what is in progress within SHUTDOWN_TIMEOUT_SECONDS (8, under Docker's 10 s).
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist/node.js"]
