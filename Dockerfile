# Vigil: one image for every role (serve | api | worker), Debian-based so Chromium for
# browser checks can be added with apt. Build: docker build -t vigil .
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production VIGIL_DATA_DIR=/data PORT=8080
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/build-web.mjs --force
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:8080/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
ENTRYPOINT ["node", "bin/vigil.mjs"]
CMD ["serve"]
