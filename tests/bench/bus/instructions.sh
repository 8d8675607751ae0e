#!/bin/bash
# Instructions the command executes per durable routed message, counted by callgrind over
# bench_bus's measured window (all the server's threads: I/O, state, gateway hub). Unlike msgs/s it
# does not move with the machine's load, so it compares a change on the hot path before and after
# on a busy machine. The server runs ~50x slower under valgrind: few messages, but enough.
# Usage: tests/bench/bus/instructions.sh BUILD_DIR [seconds=20] [recipients=10]
set -euo pipefail
build=$(cd "$1" && pwd)
seconds=${2:-20}
recipients=${3:-10}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export LIFELINE_SERVER_WRAPPER="/usr/bin/valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=$out/cg.%p"
export LIFELINE_BENCH_MEASURE_START="callgrind_control -i on %p >/dev/null"
export LIFELINE_BENCH_MEASURE_END="callgrind_control -d %p >/dev/null; callgrind_control -i off %p >/dev/null"
export LIFELINE_BENCH_ONLY=lifeline
"$build/tests/bench/bus/bench_bus" "$seconds" "$recipients" | tee "$out/bench.txt"
count=$(sed -n 's/^messages counted: //p' "$out/bench.txt")
dump=$(ls "$out"/cg.*.1 2>/dev/null | head -1)
[ -n "$dump" ] || { echo "no callgrind dump"; exit 1; }
total=$(sed -n 's/^summary: *//p; s/^totals: *//p' "$dump" | head -1 | awk '{print $1}')
echo "instructions in the measured window: $total for $count messages"
awk -v t="$total" -v n="$count" 'BEGIN { if (n > 0) printf "instructions per message: %.0f\n", t / n }'
[ -z "${LIFELINE_KEEP_CALLGRIND:-}" ] || cp "$dump" "$LIFELINE_KEEP_CALLGRIND"
