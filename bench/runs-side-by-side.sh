#!/usr/bin/env bash
# The command-line benchmarks (import, digest) of two or more versions, side by side: each round runs the benchmark of
# every version in turn, so that a version never runs in a quieter minute than another. Prints every RESULT line, then
# per result the median value of each version and the median of its per-round ratio to the first version (with the
# lowest and highest). Each revision is checked out in artifacts/side-by-side/<rev> and built in Release.
#   bash bench/runs-side-by-side.sh c6d7e86 HEAD                               # import, 200,000 lines, both engines
#   BENCH=digest ARGS="--engines sqlite,postgres --users 20000" bash bench/runs-side-by-side.sh c6d7e86 HEAD
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
[ $# -ge 2 ] || { echo "usage: $0 REV REV [REV...]" >&2; exit 2; }
rounds=${ROUNDS:-3}; bench=${BENCH:-import}
case "$bench" in
  import) project=bench/ChorusAccount.Bench; args=${ARGS:---lines 200000 --engines sqlite,postgres} ;;
  digest) project=bench/ChorusAccount.Bench.Digest; args=${ARGS:---engines sqlite,postgres --users 20000 --events 5} ;;
  *) echo "BENCH: import or digest" >&2; exit 2 ;;
esac

source "$root/scripts/postgres.sh"
started_postgres=$(start_test_postgres) || { echo "PostgreSQL did not start" >&2; exit 1; }   # prints only when it started it
export CHORUS_TEST_POSTGRES
trap '[ -n "${started_postgres:-}" ] && stop_test_postgres' EXIT

work="$root/artifacts/side-by-side"; mkdir -p "$work"
declare -a names dirs
for rev in "$@"; do
  sha=$(git rev-parse --short "$rev") || exit 1
  dir="$work/$sha"
  [ -d "$dir" ] || git worktree add -f --detach "$dir" "$sha" >/dev/null || exit 1
  (cd "$dir" && dotnet build -c Release "$project" -v q -nologo >/dev/null) || { echo "$rev does not build" >&2; exit 1; }
  names+=("$rev"); dirs+=("$dir")
done

results=$(for r in $(seq 1 "$rounds"); do
  for i in "${!dirs[@]}"; do
    (cd "${dirs[$i]}" && dotnet run --no-build -c Release --project "$project" -- $args 2>&1) \
      | awk -F'\t' -v r="$r" -v n="${names[$i]}" '$1=="RESULT" {gsub(/ /, "_", $2); print r, $2, n, $3, $4}'
  done
done | tee /dev/stderr)

echo
echo "median, and the median (lowest–highest) of each round's ratio to ${names[0]} (value ÷ ${names[0]}'s; for times, lower is better); $rounds rounds, $bench $args"
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
for name in $(echo "$results" | awk -v n="${names[0]}" '$3==n {print $2}' | awk '!seen[$0]++'); do
  unit=$(echo "$results" | awk -v k="$name" '$2==k {print $5; exit}')
  base=$(echo "$results" | awk -v k="$name" -v n="${names[0]}" '$2==k && $3==n {print $4}' | median)
  line=$(printf '%-44s %-8s %s %10.2f' "$name" "$unit" "${names[0]}" "$base")
  for i in "${!names[@]}"; do
    [ "$i" -eq 0 ] && continue
    ratios=$(echo "$results" | awk -v k="$name" -v a="${names[0]}" -v b="${names[$i]}" '$2==k && $3==a {x[$1]=$4} $2==k && $3==b {y[$1]=$4} END {for (r in x) if (r in y && x[r]>0) print y[r]/x[r]}')
    [ -n "$ratios" ] || continue
    value=$(echo "$results" | awk -v k="$name" -v n="${names[$i]}" '$2==k && $3==n {print $4}' | median)
    line+=$(printf ' | %s %10.2f  ×%.2f (%.2f–%.2f)' "${names[$i]}" "$value" "$(echo "$ratios" | median)" "$(echo "$ratios" | sort -g | head -1)" "$(echo "$ratios" | sort -g | tail -1)")
  done
  echo "$line"
done
