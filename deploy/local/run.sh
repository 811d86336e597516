#!/usr/bin/env bash
# The production shape on this machine: nginx terminating TLS on https://127.0.0.1:8443,
# round-robin over three instances of the server on one PostgreSQL (a private cluster on
# port 25440). Ctrl-C stops it all. Build the server first (`cargo leptos build --split`,
# or `--release` with VTV_PROFILE=release); VTV_DEMO=true seeds the demo centre.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/deployment.sh"
deployment_tools
trap deployment_stop EXIT
say "Starting PostgreSQL, migrating once, starting $INSTANCES instances and nginx (state in $STATE)"
deployment_start
say "Vein-to-Vein is served on https://127.0.0.1:$PROXY_PORT (trust $STATE/tls/ca.pem, the deployment's own certificate authority)"
for i in $(seq "$INSTANCES"); do
  echo "  instance $i: http://127.0.0.1:$((FIRST_PORT + i - 1)) (readiness /readyz), metrics http://127.0.0.1:$((9100 + i))/metrics, log $STATE/instance-$i.log"
done
echo "Ctrl-C stops everything."
sleep infinity
