#!/bin/sh
# The container's health check: GET /healthz on the relay inside this container, over HTTPS when
# the relay serves TLS itself. It reads the same RAPPORT_* variables as the relay, so configure
# the container with those (not with command-line flags) for this check to find the relay.
set -eu
port="${RAPPORT_PORT:-8080}"
if [ -n "${RAPPORT_TLS_CERT:-}" ] || [ -n "${RAPPORT_DOMAINS:-}" ]; then
  # Ask for the relay's own name so it presents the right certificate; -k because this checks
  # that the relay and its store answer, not the certificate (browsers check that).
  host="${RAPPORT_DOMAINS%%,*}"
  host="${host:-localhost}"
  exec curl -fsS -k -o /dev/null --max-time 4 --resolve "$host:$port:127.0.0.1" \
    "https://$host:$port/healthz"
fi
exec curl -fsS -o /dev/null --max-time 4 "http://127.0.0.1:$port/healthz"
