#!/bin/bash
# Health check of the rtmpt-bridge images: healthy while the application runs, which GET /healthz
# tells (200 "ok", also while the node is being drained: a draining node must not be restarted;
# readiness for new tunnels is /readyz, the load balancer's check). A container without the
# application answers 404, a dead one not at all. Needs nothing but bash (the images have no
# curl). Reads RTMPT_HTTP_PORT (default 8080) and RTMPT_CONTEXT_PATH (default /), the variables
# the executable WAR reads; in the Tomcat and Jetty images neither is set and port 8080 is their
# connector's.
set -u
port="${RTMPT_HTTP_PORT:-8080}"
path="${RTMPT_CONTEXT_PATH:-/}"
path="${path%/}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET %s/healthz HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' \
  "$path" "$port" >&3
IFS= read -r -t 5 status <&3 || { echo "unhealthy: no answer on port ${port}"; exit 1; }
case "$status" in
  "HTTP/1.1 200 "*) exit 0 ;;
  *) echo "unhealthy: GET ${path}/healthz on port ${port}: ${status%$'\r'}"; exit 1 ;;
esac
