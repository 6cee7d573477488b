#!/bin/bash
# Health check of the rtmpt-bridge images: healthy when the RTMPT servlet itself answers.
# A GET of /open/1 is answered 405 (POST only) by the servlet; a container without the
# application answers 404, a dead one not at all. Needs nothing but bash (the images have no
# curl). Reads RTMPT_HTTP_PORT (default 8080) and RTMPT_CONTEXT_PATH (default /), the variables
# the executable WAR reads; in the Tomcat image neither is set and port 8080 is server.xml's.
set -u
port="${RTMPT_HTTP_PORT:-8080}"
path="${RTMPT_CONTEXT_PATH:-/}"
path="${path%/}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET %s/open/1 HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' \
  "$path" "$port" >&3
IFS= read -r -t 5 status <&3 || { echo "unhealthy: no answer on port ${port}"; exit 1; }
case "$status" in
  "HTTP/1.1 405 "*) exit 0 ;;
  *) echo "unhealthy: GET ${path}/open/1 on port ${port}: ${status%$'\r'}"; exit 1 ;;
esac
