# Sourced by the scripts that start the server in the background on a free port (browser
# tests, schemathesis, Lighthouse): waits until it says where it listens and sets BASE_URL.
#   server_address "$SERVER_PID" "$LOG"
server_address() {
  local pid=$1 log=$2
  for _ in $(seq 1 100); do
    BASE_URL=$(sed -n 's/^Vein-to-Vein is listening on \(http:[^ ]*\)$/\1/p' "$log")
    [ -n "$BASE_URL" ] && return 0
    kill -0 "$pid" 2>/dev/null || { echo "The server did not start:"; cat "$log"; return 1; }
    sleep 0.1
  done
  echo "The server did not report its address:"; cat "$log"; return 1
}
