#!/usr/bin/env bash
# Every benchmark of the project in one go: builds in Release, starts the test PostgreSQL server (scripts/postgres.sh),
# runs each benchmark (its full output kept in artifacts/bench/), then prints one table of the RESULT lines they
# wrote: name, value, unit, target, ratio. Ratios are measured side by side in the same run.
#   bash bench/run.sh                  # everything, at the sizes the issues name (roughly 40 minutes on 2 cores, estimated)
#   LINES=200000 bash bench/run.sh     # a smaller MADRHAS extract
#   ONLY=pages bash bench/run.sh       # one benchmark: import, import-heavy, search, upload, digest, pages, pages-postgres, load
#   ONLY=pages ARGS="--users 500 --structures 5000 --seconds 3 --warmup 1" bash bench/run.sh
#                                      # ARGS replaces the sizes of the one benchmark ONLY names (its options below)
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/artifacts/bench"
mkdir -p "$out"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v wrk >/dev/null || missing+=(wrk)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null \
    || { echo "apt-get install ${missing[*]} failed" >&2; exit 1; }
fi

source "$root/scripts/postgres.sh"
started_postgres=$(start_test_postgres) || { echo "PostgreSQL did not start" >&2; exit 1; }   # prints only when it started it
trap '[ -n "${started_postgres:-}" ] && stop_test_postgres' EXIT   # a server already running (tests) is left alone
export CHORUS_TEST_POSTGRES

# name | project | fixed arguments | sizes (the issues' sizes; ARGS replaces them)
benches=(
  "import|bench/ChorusAccount.Bench|--engines sqlite,postgres|--lines ${LINES:-1000000}"
  "import-heavy|bench/ChorusAccount.Bench|--engines sqlite,postgres --shape heavy|--lines ${LINES:-1000000}"
  "search|bench/ChorusAccount.Bench.StructureSearch||--structures 100000"
  "upload|bench/ChorusAccount.Bench.UploadMemory||"
  "digest|bench/ChorusAccount.Bench.Digest|--engines sqlite,postgres|--users 100000 --events 5"
  "pages|bench/ChorusAccount.Bench.Pages||--users 10000 --structures 100000"
  "pages-postgres|bench/ChorusAccount.Bench.Pages|--postgres|--users 10000 --structures 100000"
  "load|bench/ChorusAccount.Bench.Pages|load|--connections 128 --duration 60s"
)
if [ -n "${ARGS:-}" ] && [ -z "${ONLY:-}" ]; then echo "ARGS needs ONLY (the benchmark whose sizes it replaces)" >&2; exit 1; fi

failed=0
ran=()
for entry in "${benches[@]}"; do
  IFS='|' read -r name project fixed sizes <<<"$entry"
  [ -z "${ONLY:-}" ] || [ "$ONLY" = "$name" ] || continue
  arguments="$fixed ${ARGS:-$sizes}"
  [ -d "$project" ] || { echo "== $name: $project is missing" >&2; failed=1; continue; }
  echo "== $name ($project $arguments)"
  ran+=("$name")
  rm -f "$out/$name.log"
  dotnet build "$project" -c Release -nologo -v q -clp:NoSummary >"$out/$name.build.log" 2>&1 \
    || { echo "   build failed: $out/$name.build.log" >&2; failed=1; continue; }
  # shellcheck disable=SC2086
  if ! dotnet run --no-build -c Release --project "$project" -- $arguments 2>&1 | tee "$out/$name.log" | grep -v '^RESULT'; then
    echo "   $name failed: $out/$name.log" >&2; failed=1
  fi
  grep -q '^RESULT' "$out/$name.log" || echo "   $name printed no RESULT line" >&2
done

echo
echo "== Results ($(nproc) cores, $(dotnet --version), $(date -u +%Y-%m-%dT%H:%MZ))"
{
  printf 'name\tvalue\tunit\ttarget\tratio\n'
  for name in "${ran[@]}"; do
    [ -f "$out/$name.log" ] && grep '^RESULT' "$out/$name.log" | cut -f2-
  done
} | column -t -s $'\t'
exit $failed
