#!/usr/bin/env bash
# Load test: wrk, 128 connections for 60 s, on a mix of signed-in pages — home, « Mon compte », a structure search,
# a small upload (weights 3:3:3:1) — against the real portal (Release build, plain http as behind the TLS proxy,
# demo data, 32 agents signed in through the PIGP stand-in). Prints wrk's report, then errors, p50 and p99.
#   bash bench/load.sh                 # SQLite
#   bash bench/load.sh --postgres      # PostgreSQL: the server of scripts/postgres.sh (CHORUS_PG_PORT, CHORUS_PG_DATA)
# Options through the environment: CONNECTIONS (128), DURATION (60s), THREADS (2), AGENTS (32).
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS=${CONNECTIONS:-128}; DURATION=${DURATION:-60s}; THREADS=${THREADS:-2}; AGENTS=${AGENTS:-32}

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  else sudo apt-get install -y -qq wrk >/dev/null || { sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null; }; fi
fi

engine=()
if [ "${1:-}" = "--postgres" ]; then
  source scripts/postgres.sh && start_test_postgres && export CHORUS_TEST_POSTGRES
  engine=(--postgres)
fi

work=$(mktemp -d)
dotnet build bench/ChorusAccount.Bench.Load -c Release -nologo -clp:NoSummary -v q >/dev/null
dotnet bench/ChorusAccount.Bench.Load/bin/Release/net10.0/ChorusAccount.Bench.Load.dll "$work" "${engine[@]}" --agents "$AGENTS" &
portal=$!
trap 'kill $portal 2>/dev/null; wait $portal 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do [ -f "$work/ready" ] && break; kill -0 $portal 2>/dev/null || exit 1; sleep 1; done
url=$(cat "$work/ready")

echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), .NET $(dotnet --version)"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency on $url"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s "$work/mix.lua" "$url" | tee "$work/wrk.txt"

non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: \([0-9]*\).*/\1/p' "$work/wrk.txt"); non2xx=${non2xx:-0}
socket=$(sed -n 's/.*Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' "$work/wrk.txt")
socket_errors=0; for n in $socket; do socket_errors=$((socket_errors + n)); done
p50=$(awk '/Latency Distribution/ {d=1} d && $1=="50%" {print $2; exit}' "$work/wrk.txt")
p99=$(awk '/Latency Distribution/ {d=1} d && $1=="99%" {print $2; exit}' "$work/wrk.txt")
echo "errors: $non2xx HTTP (status >= 400), $socket_errors socket; p50 $p50, p99 $p99"
[ "$non2xx" -eq 0 ] && [ "$socket_errors" -eq 0 ]
