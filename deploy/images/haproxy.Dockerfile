# The load balancer in front of every service's replicas: Debian's HAProxy on the project base.
# The configuration is mounted at /usr/local/etc/haproxy/haproxy.cfg (deploy/cluster/haproxy.cfg).
ARG BASE_IMAGE=jobpeak/debian:bookworm
FROM ${BASE_IMAGE}
RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
      --no-install-recommends haproxy \
 && rm -rf /var/lib/apt/lists/*
USER haproxy
STOPSIGNAL SIGUSR1
ENTRYPOINT ["haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]
