# One Jobpeak service (build argument SERVICE: catalog, testing, billing or matching).
# Built by `make images` (jobpeak_devstack.service_images) from a context holding only the
# workspace manifests, the lock, and the sources of that service and its workspace dependencies.
ARG BASE_IMAGE=jobpeak/debian:bookworm

FROM ${BASE_IMAGE} AS build
# Python headers and gcc only here: testing compiles a mypyc extension (ADR 11) at build time.
RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
      --no-install-recommends python3 python3-dev gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
COPY uv /usr/local/bin/uv
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    UV_PYTHON=/usr/bin/python3 UV_PYTHON_DOWNLOADS=never UV_NO_CACHE=1 \
    UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PROJECT_ENVIRONMENT=/opt/venv
WORKDIR /src
# Dependencies first, in layers reused until a manifest or the lock changes: every service's
# third-party dependencies (the same layer for all four images: one download), then exactly this
# service's (uv sync removes the rest). ARG SERVICE comes after the shared layer on purpose.
COPY manifests/ ./
ARG SERVICE_PACKAGES
RUN uv sync --frozen --no-dev --no-install-workspace ${SERVICE_PACKAGES}
ARG SERVICE
RUN uv sync --frozen --no-dev --no-install-workspace --package "jobpeak-${SERVICE}"
COPY sources/ ./
RUN uv sync --frozen --no-dev --package "jobpeak-${SERVICE}" --no-editable --compile-bytecode \
 && cp image/jobpeak_image.py /opt/venv/lib/python3.11/site-packages/

FROM ${BASE_IMAGE}
ARG SERVICE
RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
      --no-install-recommends python3 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --no-create-home --home-dir /nonexistent jobpeak
COPY --from=build /opt/venv /opt/venv
COPY --from=build /src/image/entrypoint /usr/local/bin/jobpeak-entrypoint
# One uvicorn process per container (WEB_CONCURRENCY=1): scale with replicas. WEB_CONCURRENCY>1
# runs that many uvicorn workers, each a full service process (its own relay and consumer).
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    JOBPEAK_SERVICE="${SERVICE}" WEB_CONCURRENCY=1 \
    UVICORN_HOST=0.0.0.0 UVICORN_PORT=8000 UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN=20
USER 10001:10001
EXPOSE 8000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["python3", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['UVICORN_PORT'] + '/healthz', timeout=2)"]
ENTRYPOINT ["/usr/local/bin/jobpeak-entrypoint"]
CMD ["serve"]
# Last, so a new revision relabels the image without invalidating any layer above.
ARG VERSION=0.0.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="jobpeak-${SERVICE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="jobpeak" \
      org.opencontainers.image.description="The Jobpeak ${SERVICE} service (uvicorn)"
