#!/usr/bin/env bash
# The signed-in pages of two or more versions of the portal, side by side, interleaved: each version's portal is filled
# and held up (bench/ChorusAccount.Bench.Pages --hold), then wrk runs each page on each version in turn, round after
# round, so that a version never runs in a quieter minute than another. Prints every run, then per page the median
# req/s of each version and the median of its per-round ratio to the first version (with the lowest and highest).
#   bash bench/pages-side-by-side.sh c6d7e86 HEAD                 # SQLite
#   ENGINE=postgres ROUNDS=8 bash bench/pages-side-by-side.sh c6d7e86 HEAD
#   SIZES="--users 2000 --structures 20000" SECONDS_PER_RUN=4 ROUNDS=6 WARMUP_SECONDS=150   (the defaults)
# Each revision is checked out in artifacts/side-by-side/<rev> and built in Release. It needs the benchmark's --hold
# (and, for PostgreSQL, --postgres): revisions from 6 December 2026 on.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
[ $# -ge 2 ] || { echo "usage: $0 REV REV [REV...]" >&2; exit 2; }
rounds=${ROUNDS:-6}; secs=${SECONDS_PER_RUN:-4}; sizes=${SIZES:---users 2000 --structures 20000}
engine_args=""; [ "${ENGINE:-sqlite}" = postgres ] && engine_args="--postgres"
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }

source "$root/scripts/postgres.sh"
if [ -n "$engine_args" ]; then
  started_postgres=$(start_test_postgres) || { echo "PostgreSQL did not start" >&2; exit 1; }   # prints only when it started it
  export CHORUS_TEST_POSTGRES
fi

work="$root/artifacts/side-by-side"; mkdir -p "$work"
declare -a names dirs urls cookies pids
for rev in "$@"; do
  sha=$(git rev-parse --short "$rev") || exit 1
  dir="$work/$sha"
  [ -d "$dir" ] || git worktree add -f --detach "$dir" "$sha" >/dev/null || exit 1
  (cd "$dir" && dotnet build -c Release bench/ChorusAccount.Bench.Pages -v q -nologo >/dev/null) || { echo "$rev does not build" >&2; exit 1; }
  names+=("$rev"); dirs+=("$dir")
done

stop() { for p in "${pids[@]:-}"; do [ -n "$p" ] && pkill -P "$p" 2>/dev/null; kill "$p" 2>/dev/null; done; for d in "${dirs[@]:-}"; do pkill -9 -f "$d/bench/ChorusAccount.Bench.Pages/bin" 2>/dev/null; done; [ -n "${started_postgres:-}" ] && stop_test_postgres; }   # a server already running (tests) is left alone
trap stop EXIT
for i in "${!dirs[@]}"; do
  log="$work/${names[$i]//\//_}.log"
  (cd "${dirs[$i]}" && exec dotnet run --no-build -c Release --project bench/ChorusAccount.Bench.Pages -- $engine_args $sizes --hold >"$log" 2>&1) &
  pids+=($!)
  for _ in $(seq 1 600); do grep -q "^Serving" "$log" && break; kill -0 "${pids[$i]}" 2>/dev/null || break; sleep 1; done
  grep -q "^Serving" "$log" || { echo "${names[$i]} did not start: $log" >&2; exit 1; }
  urls+=("$(sed -nE 's/^Serving ([^ ]+) .*/\1/p' "$log")")
  cookies+=("$(sed -nE 's/^Serving [^ ]+ — Cookie: //p' "$log")")
  echo "${names[$i]}: ${urls[$i]}"
done

pages=("healthz/live" "" "mon-compte" "activites-gestionnaire" "mon-compte/rattachements/demande?searched=true&City=orleans")
run() { wrk -t2 -c64 -d"$1"s -H "Cookie: ${cookies[$2]}" "${urls[$2]}$3" 2>&1 | awk '/Requests\/sec/ {print $2}'; }
# Warm-up: every page of every version in turn, round after round, for WARMUP_SECONDS in all (150 by default). The JIT
# tiers a portal's code up during its first minute or two under load (about 17,000 methods, see docs/PERFORMANCE.md);
# measured before that, a page serves at half its rate. A held portal's process cannot be asked about its JIT from here,
# so the warm-up is long enough for two portals sharing the two cores.
warmup_end=$((SECONDS + ${WARMUP_SECONDS:-150}))
while [ "$SECONDS" -lt "$warmup_end" ]; do
  for p in "${pages[@]}"; do for i in "${!dirs[@]}"; do run 3 "$i" "$p" >/dev/null; done; done
done
results=$(for r in $(seq 1 "$rounds"); do
  for p in "${pages[@]}"; do
    for i in "${!dirs[@]}"; do echo "$r /$p ${names[$i]} $(run "$secs" "$i" "$p")"; done
  done
done | tee /dev/stderr)

echo
echo "median req/s, and the median (lowest–highest) of each round's ratio to ${names[0]}; $rounds rounds of ${secs} s, wrk -t2 -c64, ${ENGINE:-sqlite}"
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
for p in "${pages[@]}"; do
  line=$(printf '%-34s' "/${p:0:32}")
  base=$(echo "$results" | awk -v p="/$p" -v n="${names[0]}" '$2==p && $3==n {print $4}' | median)
  line+=$(printf ' %s %6.0f' "${names[0]}" "$base")
  for i in "${!names[@]}"; do
    [ "$i" -eq 0 ] && continue
    ratios=$(echo "$results" | awk -v p="/$p" -v a="${names[0]}" -v b="${names[$i]}" '$2==p && $3==a {x[$1]=$4} $2==p && $3==b {y[$1]=$4} END {for (r in x) if (r in y && x[r]>0) print y[r]/x[r]}')
    value=$(echo "$results" | awk -v p="/$p" -v n="${names[$i]}" '$2==p && $3==n {print $4}' | median)
    line+=$(printf ' | %s %6.0f  ×%.2f (%.2f–%.2f)' "${names[$i]}" "$value" "$(echo "$ratios" | median)" "$(echo "$ratios" | sort -g | head -1)" "$(echo "$ratios" | sort -g | tail -1)")
  done
  echo "$line"
done
