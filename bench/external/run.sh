#!/usr/bin/env bash
# run.sh: solve the instances exported by the compare harness with external
# solvers and write DIR/external.tsv for the harness to read.
#
# Usage: run.sh [--install] [--mip-seconds N] DIR
#
#   DIR            holds instances.tsv (name, run-MIP flag, run-GLPK flag,
#                  run-CLP flag per line; a missing CLP flag means 1) and,
#                  per instance NAME, NAME.min (DIMACS min-cost flow) and,
#                  where CLP runs, NAME.relax.lp, NAME.gap.lp and
#                  NAME.minmax.lp (CPLEX LP), as written by
#                  `go run ./cmd/compare`.
#   --install      install what is missing with apt-get (Debian packages
#                  liblemon-dev, coinor-clp, coinor-cbc, glpk-utils, g++);
#                  without it a missing tool is an error that names the
#                  package.
#   --mip-seconds  time cap for CBC on the whole-case MIP (default 60).
#
# Per instance it runs (optimizer.md §4.2 for the commands):
#   lemon_mcf NAME.min all        LEMON NetworkSimplex and CostScaling, built
#                                 here from lemon_mcf.cc (times exclude reading)
#   clp NAME.relax.lp -dualsimplex   the LP relaxation (equals the flow optimum)
#   clp NAME.minmax.lp -dualsimplex  the min-max workload LP (objective U)
#   cbc NAME.gap.lp -sec N -ratio 0 -solve   the whole-case MIP, only where the
#                                 manifest allows it (the pdu size: CBC finds no
#                                 whole allocation of a region in 675 s)
#   glpsol --mincost NAME.min     GLPK's simplex on the flow, only where the
#                                 manifest allows it (it takes 626 s on a region)
#
# Output: DIR/external.tsv with a header and the columns
#   instance solver status objective seconds wall note
# where objective is the solver's (without the harness's constant offset),
# seconds the solver's own solve time where it prints one (else the wall
# time) and wall the whole command's wall-clock time. Logs go to DIR/logs/.
set -euo pipefail

usage() { echo "usage: $0 [--install] [--mip-seconds N] DIR" >&2; exit 2; }

install=0
mip=60
dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --install) install=1 ;;
    --mip-seconds) [ $# -ge 2 ] || usage; mip="$2"; shift ;;
    -h|--help) usage ;;
    -*) echo "run.sh: unknown option $1" >&2; usage ;;
    *) [ -z "$dir" ] || usage; dir="$1" ;;
  esac
  shift
done
[ -n "$dir" ] || usage
[ -f "$dir/instances.tsv" ] || { echo "run.sh: $dir/instances.tsv not found: run the compare harness with -out $dir first" >&2; exit 2; }
case "$mip" in ''|*[!0-9]*) echo "run.sh: --mip-seconds wants a whole number, got $mip" >&2; exit 2 ;; esac

here="$(cd "$(dirname "$0")" && pwd)"
dir="$(cd "$dir" && pwd)"

# Tools and the Debian packages that provide them.
missing=()
command -v g++ >/dev/null 2>&1 || missing+=(g++)
[ -f /usr/include/lemon/network_simplex.h ] || missing+=(liblemon-dev)
command -v clp >/dev/null 2>&1 || missing+=(coinor-clp)
command -v cbc >/dev/null 2>&1 || missing+=(coinor-cbc)
command -v glpsol >/dev/null 2>&1 || missing+=(glpk-utils)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$install" -eq 0 ]; then
    echo "run.sh: missing Debian packages: ${missing[*]}; rerun with --install (needs root or sudo)" >&2
    exit 3
  fi
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "run.sh: --install needs root or sudo" >&2; exit 3; }
    sudo=sudo
  fi
  echo "run.sh: installing ${missing[*]}" >&2
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
fi

lemon="$dir/lemon_mcf"
if [ ! -x "$lemon" ] || [ "$here/lemon_mcf.cc" -nt "$lemon" ]; then
  echo "run.sh: building $lemon" >&2
  g++ -O2 -std=c++17 -o "$lemon" "$here/lemon_mcf.cc"
fi

mkdir -p "$dir/logs"
out="$dir/external.tsv"
tmp="$out.tmp"
printf 'instance\tsolver\tstatus\tobjective\tseconds\twall\tnote\n' >"$tmp"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$tmp"; }

# run LOG CMD...: runs CMD with its output in LOG; sets wall and rc.
run() {
  local log="$1"; shift
  local t0; t0=$(now)
  rc=0
  "$@" >"$log" 2>&1 || rc=$?
  wall=$(elapsed "$t0" "$(now)")
}

while IFS=$'\t' read -r name domip doglpk doclp; do
  [ -n "$name" ] || continue
  echo "run.sh: $name" >&2
  base="$dir/$name"

  log="$dir/logs/$name.lemon.log"
  run "$log" "$lemon" "$base.min" all
  for alg in ns cs; do
    line=$(grep "^$alg " "$log" || true)
    if [ "$rc" -eq 0 ] && [[ "$line" == *cost=* ]]; then
      cost=$(sed -n 's/.*cost=\([-0-9]*\).*/\1/p' <<<"$line")
      sec=$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$line")
      row "$name" "lemon-$alg" optimal "$cost" "$sec" "$wall" "solve time excludes reading the file"
    else
      row "$name" "lemon-$alg" failed "" "" "$wall" "exit $rc; see logs/$name.lemon.log"
    fi
  done

  for kind in relax minmax; do
    [ "${doclp:-1}" = 1 ] || continue
    log="$dir/logs/$name.clp-$kind.log"
    run "$log" clp "$base.$kind.lp" -dualsimplex
    line=$(grep '^Optimal objective' "$log" || true)
    if [ "$rc" -eq 0 ] && [ -n "$line" ]; then
      obj=$(awk '{print $3}' <<<"$line")
      sec=$(sed -n 's/.* time \([0-9.]*\).*/\1/p' <<<"$line")
      row "$name" "clp-$kind" optimal "$obj" "${sec:-$wall}" "$wall" "dual simplex"
    else
      status=$(grep -m1 -E 'infeasible|unbounded|Stopped' "$log" || echo "exit $rc")
      row "$name" "clp-$kind" failed "" "" "$wall" "$status"
    fi
  done

  if [ "$domip" = 1 ]; then
    log="$dir/logs/$name.cbc.log"
    run "$log" cbc "$base.gap.lp" -sec "$mip" -ratio 0 -solve
    obj=$(sed -n 's/^Objective value: *\([-0-9.e+]*\).*/\1/p' "$log" | head -1)
    result=$(sed -n 's/^Result - //p' "$log" | head -1)
    sec=$(sed -n 's/^Time (Wallclock seconds): *\([0-9.]*\).*/\1/p' "$log" | head -1)
    case "$result" in
      "Optimal solution found"*) status=optimal ;;
      "Stopped on time"*) status=time-limit ;;
      *) status=failed ;;
    esac
    if [ -n "$obj" ] && [ "$status" != failed ]; then
      row "$name" cbc-gap "$status" "$obj" "${sec:-$wall}" "$wall" "whole-case MIP, -sec $mip; $result"
    else
      row "$name" cbc-gap "${status}" "" "" "$wall" "${result:-exit $rc}; no whole allocation found"
    fi
  fi

  if [ "$doglpk" = 1 ]; then
    log="$dir/logs/$name.glpsol.log"
    run "$log" glpsol --mincost "$base.min" -o "$dir/logs/$name.glpsol.out"
    obj=$(sed -n 's/^Objective: *\([-0-9.e+]*\).*/\1/p' "$dir/logs/$name.glpsol.out" 2>/dev/null | head -1)
    if [ "$rc" -eq 0 ] && grep -q 'OPTIMAL' "$log" && [ -n "$obj" ]; then
      row "$name" glpk-mincost optimal "$obj" "$wall" "$wall" "glpsol --mincost (primal simplex on the flow LP); time includes reading"
    else
      row "$name" glpk-mincost failed "" "" "$wall" "exit $rc; see logs/$name.glpsol.log"
    fi
  fi
done <"$dir/instances.tsv"

mv "$tmp" "$out"
echo "run.sh: wrote $out" >&2
