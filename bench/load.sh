#!/usr/bin/env bash
# Load test: wrk, 128 connections for 60 s, on a mix of signed-in pages — home, « Mon compte », a structure search,
# a small upload (weights 3:3:3:1) — against the real portal (Release build, plain http as behind the TLS proxy,
# demo data, 32 agents signed in through the PIGP stand-in). The load scenario of bench/ChorusAccount.Bench.Pages
# starts the portal, signs the agents in, runs wrk and prints its report, then errors, p50 and p99, and its RESULT
# lines (bench/run.sh's table); it exits non-zero on any error.
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

dotnet build bench/ChorusAccount.Bench.Pages -c Release -nologo -clp:NoSummary -v q >/dev/null
dotnet bench/ChorusAccount.Bench.Pages/bin/Release/net10.0/ChorusAccount.Bench.Pages.dll load "${engine[@]}" \
  --agents "$AGENTS" --threads "$THREADS" --connections "$CONNECTIONS" --duration "$DURATION"
