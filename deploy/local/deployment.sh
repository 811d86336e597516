# Sourced by run.sh, crash-drill.sh and the other operations scripts: the production shape
# on one machine. nginx (Debian's) terminates TLS with a self-signed certificate and
# spreads requests round-robin over N stateless instances of the server, which share one
# database: a private PostgreSQL cluster that these scripts start and may kill (never the
# machine's own on 5432), or one SQLite file for a single instance.
#
# Settings (environment): VTV_DEPLOY_DIR (state, default /tmp/vtv-deploy), VTV_PROFILE
# (debug or release build of the server, default debug), VTV_INSTANCES (default 3),
# VTV_DEPLOY_DB (postgres or sqlite, default postgres).
source "$(dirname "${BASH_SOURCE[0]}")/../../.ci/setup.sh"

STATE=${VTV_DEPLOY_DIR:-/tmp/vtv-deploy}
PROFILE=${VTV_PROFILE:-debug}
INSTANCES=${VTV_INSTANCES:-3}
DEPLOY_DB=${VTV_DEPLOY_DB:-postgres}
PROXY_PORT=8443
FIRST_PORT=3101          # instance i listens on 3100+i, its metrics on 9100+i
# Below the kernel's ephemeral range (32768–60999): a port in it can be held for a minute by
# a closed client connection in TIME_WAIT that had it as its own port, and a listener cannot
# bind it then, SO_REUSEADDR or not (seen once: the short load's PostgreSQL could not bind
# 55440 after the SQLite round's thousands of connections).
DRILL_PG_PORT=25440
PG_DIR="$STATE/pg"
SERVER_BIN="$ROOT/target/$PROFILE/vein-to-vein"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
mkdir -p "$STATE"

deployment_tools() {
  need nginx nginx
  need openssl openssl
  need curl curl
  need psql postgresql
  if [ ! -x "$SERVER_BIN" ]; then
    local release=""; [ "$PROFILE" = release ] && release=" --release"
    echo "no server binary at $SERVER_BIN: build it first (cargo leptos build --split$release)"; exit 1
  fi
}

as_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
pg_bin() { (ls -d /usr/lib/postgresql/*/bin 2>/dev/null || true) | sort -V | tail -n 1; }

database_url() {
  if [ "$DEPLOY_DB" = sqlite ]; then echo "sqlite://$STATE/vein-to-vein.db"; else echo "postgres://postgres@127.0.0.1:$DRILL_PG_PORT/vtv"; fi
}

# A private cluster, made once, started if it does not answer.
pg_start() {
  [ "$DEPLOY_DB" = sqlite ] && return 0
  local bin; bin=$(pg_bin)
  if [ ! -f "$PG_DIR/PG_VERSION" ]; then
    mkdir -p "$PG_DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_DIR"
    as_pg "$bin/initdb -D $PG_DIR -U postgres --auth=trust >/dev/null"
  fi
  # A few tries: after a kill -9, a backend may hold the shared memory a moment longer.
  local try
  for try in $(seq 10); do
    psql "postgres://postgres@127.0.0.1:$DRILL_PG_PORT/postgres" -tAc 'SELECT 1' >/dev/null 2>&1 && break
    as_pg "$bin/pg_ctl -D $PG_DIR -l $PG_DIR/log -o '-p $DRILL_PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200' -w -t 120 start >/dev/null" && break
    [ "$try" -eq 10 ] && { echo "PostgreSQL did not start; its log ends:"; tail -n 20 "$PG_DIR/log"; return 1; }
    sleep 1
  done
  # Another cluster on this port would be killed by the crash drill, or filled by the load.
  local answering; answering=$(psql "postgres://postgres@127.0.0.1:$DRILL_PG_PORT/postgres" -tAc 'SHOW data_directory')
  if [ "$(realpath "$answering")" != "$(realpath "$PG_DIR")" ]; then
    echo "port $DRILL_PG_PORT answers for the cluster in $answering, not this script's ($PG_DIR): stop it first"
    return 1
  fi
  psql "postgres://postgres@127.0.0.1:$DRILL_PG_PORT/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = 'vtv'" | grep -q 1 ||
    psql "postgres://postgres@127.0.0.1:$DRILL_PG_PORT/postgres" -qc "CREATE DATABASE vtv"
}

# kill -9 of the postmaster: what a crash or an OOM kill does.
pg_kill() {
  local pid; pid=$(head -n 1 "$PG_DIR/postmaster.pid" 2>/dev/null || true)
  [ -n "$pid" ] || return 0
  kill -9 "$pid" 2>/dev/null || true
  # Its backends notice and leave; the next start recovers from the write-ahead log.
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  # A child forked at the moment of the kill may still hold the listening socket (seen once:
  # the restart found the port taken for over 5 s). Wait for it to leave, then make it.
  local holders
  for _ in $(seq 100); do
    holders=$(ss -Hltnp "sport = :$DRILL_PG_PORT" 2>/dev/null | grep -o "pid=[0-9]*" | cut -d= -f2 | sort -u || true)
    [ -z "$holders" ] && return 0
    sleep 0.1
  done
  echo "PostgreSQL's port is still held after its kill: stopping $holders"
  kill -9 $holders 2>/dev/null || true
}

pg_stop() {
  [ "$DEPLOY_DB" = sqlite ] && return 0
  [ -f "$PG_DIR/postmaster.pid" ] && as_pg "$(pg_bin)/pg_ctl -D $PG_DIR -m fast -w stop >/dev/null" || true
}

# A run of its own: the last run's cluster stopped and its state removed.
fresh_state() {
  pg_stop
  rm -rf "$STATE"
  mkdir -p "$STATE"
}

# One secrets key for every instance (each made its own file otherwise).
secrets_key() {
  [ -f "$STATE/secrets.key" ] || head -c 32 /dev/urandom | base64 | tr -- '+/' '-_' | tr -d '=\n' > "$STATE/secrets.key"
  cat "$STATE/secrets.key"
}

instance_start() {
  # Read here: expansions on the backgrounded line below would run in parallel.
  local i=$1 key url
  key=$(secrets_key); url=$(database_url)
  env DATABASE_URL="$url" \
      LEPTOS_SITE_ADDR="127.0.0.1:$((FIRST_PORT + i - 1))" \
      LEPTOS_SITE_ROOT="$ROOT/target/site" \
      VTV_PUBLIC_URL="https://127.0.0.1:$PROXY_PORT" \
      VTV_TRUST_PROXY=true \
      VTV_MIGRATE_AT_START=false \
      VTV_SECRETS_KEY="$key" \
      VTV_METRICS_ADDR="127.0.0.1:$((9100 + i))" \
      VTV_LOG_JSON=true \
      VTV_PUSH_TIMEOUT_SECONDS="${VTV_PUSH_TIMEOUT_SECONDS:-2}" \
      VTV_PUSH_TEST_RECEIVERS="${VTV_PUSH_TEST_RECEIVERS:-}" \
      VTV_DB_MAX_CONNECTIONS="${VTV_DB_MAX_CONNECTIONS:-10}" \
      VTV_WRITES_PER_MINUTE="${VTV_WRITES_PER_MINUTE:-60}" \
      RUST_LOG="${RUST_LOG:-warn,access=info}" \
      "$SERVER_BIN" >> "$STATE/instance-$i.log" 2>&1 &
  echo $! > "$STATE/instance-$i.pid"
  # A kill -9 is the drill's own doing: no "Killed" notice from the shell.
  disown $! 2>/dev/null || true
}

instance_wait_ready() {
  local i=$1
  for _ in $(seq 600); do
    curl -sf "http://127.0.0.1:$((FIRST_PORT + i - 1))/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$(cat "$STATE/instance-$i.pid")" 2>/dev/null || break
    sleep 0.1
  done
  echo "instance $i did not become ready; its log ends:"; tail -n 20 "$STATE/instance-$i.log"; return 1
}

instance_kill() {
  local pid; pid=$(cat "$STATE/instance-$1.pid")
  kill -9 "$pid" 2>/dev/null || true
  # Its port is free once it is gone.
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
}
instance_stop() { kill -TERM "$(cat "$STATE/instance-$1.pid" 2>/dev/null)" 2>/dev/null || true; }

# A small certificate authority of the deployment's own and the proxy's certificate signed
# by it: clients trust ca.pem (a self-signed certificate used as a server's own is refused
# by strict TLS clients).
tls_certificate() {
  [ -f "$STATE/tls/cert.pem" ] && return 0
  mkdir -p "$STATE/tls"
  local t="$STATE/tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=Vein-to-Vein local CA" \
    -keyout "$t/ca-key.pem" -out "$t/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$t/key.pem" -out "$t/cert.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > "$t/ext.cnf"
  openssl x509 -req -in "$t/cert.csr" -CA "$t/ca.pem" -CAkey "$t/ca-key.pem" -CAcreateserial -days 30 \
    -extfile "$t/ext.cnf" -out "$t/cert.pem" 2>/dev/null
}

nginx_start() {
  tls_certificate
  mkdir -p "$STATE/nginx"
  local upstreams="" i
  for i in $(seq "$INSTANCES"); do upstreams+="    server 127.0.0.1:$((FIRST_PORT + i - 1)) max_fails=1 fail_timeout=1s;"$'\n'; done
  local user=""
  [ "$(id -u)" -eq 0 ] && user="user root;"
  sed -e "s|@STATE@|$STATE|g" -e "s|@PROXY_PORT@|$PROXY_PORT|g" -e "s|@USER@|$user|" \
    "$ROOT/deploy/local/nginx.conf" | awk -v ups="$upstreams" '{ if ($0 ~ /@UPSTREAMS@/) printf "%s", ups; else print }' \
    > "$STATE/nginx/nginx.conf"
  "$NGINX" -t -q -p "$STATE/nginx" -c "$STATE/nginx/nginx.conf"
  "$NGINX" -p "$STATE/nginx" -c "$STATE/nginx/nginx.conf"
}

nginx_stop() {
  [ -f "$STATE/nginx/nginx.pid" ] && "$NGINX" -p "$STATE/nginx" -c "$STATE/nginx/nginx.conf" -s quit 2>/dev/null || true
}

# Signs a drill account in through the proxy; prints the Cookie header's value.
signed_in_cookie() {
  local email=$1 jar; jar=$(mktemp)
  curl -s --cacert "$STATE/tls/ca.pem" -c "$jar" -o /dev/null -H 'Sec-Fetch-Site: same-origin' \
    --data-urlencode "email=$email" --data-urlencode "password=drill horse battery staple" \
    "https://127.0.0.1:$PROXY_PORT/auth/login"
  sed 's/^#HttpOnly_//' "$jar" | awk '!/^#/ && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }'
  rm -f "$jar"
}

# The check-in body oha sends as a patient (id, then the answers' JSON), with @ID@ where
# each line of `checkin_bodies` puts a client id of its own.
checkin_body_template() {
  python3 -c 'import json, sys; print(json.dumps({"submission": {"client_id": "@ID@", "questionnaire": "symptom-diary",
    "patient_id": int(sys.argv[1]), "answers": json.loads(sys.argv[2])}}))' "$1" "$2" > "$STATE/body-template.json"
}

# N bodies for one oha run (-Z), each line with a client id of its own. oha picks a line at
# random for each request, so some ids come twice (a replay, answered from the stored
# check-in): ten lines per request expected keep that near 5 %, and load.sh counts them.
checkin_bodies() {
  python3 - "$STATE/body-template.json" "$1" > "$STATE/bodies.jsonl" <<'PY'
import sys, uuid
before, after = open(sys.argv[1]).read().strip().split("@ID@")
sys.stdout.write("".join(f"{before}{uuid.uuid4()}{after}\n" for _ in range(int(sys.argv[2]))))
PY
}

# Migrates once, then starts the instances (without migrating) and the proxy.
deployment_start() {
  pg_start
  DATABASE_URL="$(database_url)" "$SERVER_BIN" migrate >/dev/null
  local i
  for i in $(seq "$INSTANCES"); do instance_start "$i"; done
  for i in $(seq "$INSTANCES"); do instance_wait_ready "$i"; done
  nginx_start
}

deployment_stop() {
  nginx_stop
  local i
  for i in $(seq "$INSTANCES"); do instance_stop "$i"; done
  sleep 1
  pg_stop
}
