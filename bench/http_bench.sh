#!/usr/bin/env bash
# HTTP throughput and latency of a built `smartgov serve`, measured with wrk.
#
#   bench/http_bench.sh [SMARTGOV_BINARY]        (default: build/smartgov)
#
# Builds nothing. Starts the server on 127.0.0.1 (a free port) with a fresh
# temporary data directory, the demo departments and access logging off, issues
# an admin key for department immd, then runs
#   wrk -t2 -c64 -d10s --latency http://127.0.0.1:PORT/healthz
#   wrk -t2 -c64 -d10s --latency -H 'Authorization: Bearer …' http://127.0.0.1:PORT/api/v1/whoami
# and prints both reports. Stops the server with SIGTERM and removes the
# directory on the way out, however the script ends. Only 127.0.0.1 is ever a target.
#
# SMARTGOV_BENCH_DURATION overrides wrk's -d (1s to 60s; default 10s), for a quick check.
# Needs wrk and curl (Debian packages of the same names).
set -euo pipefail

binary="${1:-build/smartgov}"
duration="${SMARTGOV_BENCH_DURATION:-10s}"
readonly host="127.0.0.1"

die() {
  echo "http_bench: $*" >&2
  exit 1
}

[[ -x "$binary" ]] || die "no executable at '$binary'; build it first or pass its path"
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
command -v curl >/dev/null || die "curl not found (apt-get install curl)"
[[ "$duration" =~ ^([1-9]|[1-5][0-9]|60)s$ ]] || die "SMARTGOV_BENCH_DURATION must be 1s to 60s, got '$duration'"

workdir="$(mktemp -d "${TMPDIR:-/tmp}/smartgov-http-bench.XXXXXX")"
server_pid=""

cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    # Graceful shutdown normally takes milliseconds; give it 20 s, then stop it hard.
    for _ in $(seq 200); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$server_pid" 2>/dev/null; then
      echo "http_bench: server did not stop on SIGTERM; sending SIGKILL" >&2
      kill -KILL "$server_pid" 2>/dev/null || true
    fi
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$binary" serve --listen "$host:0" --data "$workdir/data" --demo --set log.access=false \
  2>"$workdir/server.log" &
server_pid=$!

# The server logs the port it bound in its server.started event.
port=""
for _ in $(seq 100); do
  port="$(sed -n 's/.*"event":"server.started".*"port":\([0-9]*\).*/\1/p' "$workdir/server.log")"
  [[ -n "$port" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$workdir/server.log" >&2; die "server exited at start-up"; }
  sleep 0.1
done
[[ -n "$port" ]] || { cat "$workdir/server.log" >&2; die "server did not start within 10 s"; }
base="http://$host:$port"

key="$("$binary" key create --department immd --role admin --name http-bench --data "$workdir/data" \
  2>>"$workdir/server.log")"
[[ "$key" == sgk_* ]] || die "key create printed no key"

# Both targets must answer 200, or wrk would be timing error responses.
for target in /healthz /api/v1/whoami; do
  status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
    -H "Authorization: Bearer $key" "$base$target")"
  [[ "$status" == 200 ]] || die "GET $target answered $status, expected 200"
done

echo "smartgov: $binary"
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
echo "load before: $(uptime | sed 's/.*load average: //')"
echo

echo "== GET /healthz =="
echo "wrk -t2 -c64 -d$duration --latency $base/healthz"
wrk -t2 -c64 -d"$duration" --latency "$base/healthz"
echo

echo "== GET /api/v1/whoami (Bearer key) =="
echo "wrk -t2 -c64 -d$duration --latency -H 'Authorization: Bearer sgk_…' $base/api/v1/whoami"
wrk -t2 -c64 -d"$duration" --latency -H "Authorization: Bearer $key" "$base/api/v1/whoami"
echo

echo "load after: $(uptime | sed 's/.*load average: //')"
