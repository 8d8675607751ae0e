#!/usr/bin/env bash
# Runs the tests that once failed after 08:00 UTC under Debian's libfaketime, with the wall clock at
# the time given (UTC), so a dependence on the time of day or the date fails in CI.
# Usage: run_at.sh "2026-12-04 12:00:00" TEST_COMMAND_API TEST_ZMQ_INGRESS FRAMES_CONFORM_PY LIFELINE_COMMAND SCHEMA_DIR WORK_DIR
#
# libfaketime fakes the monotonic clock too by default; the servers' timers (heartbeats, retries,
# kill -9 and failover timing) would then go wrong for faketime's sake, so the C++ tests run with
# FAKETIME_DONT_FAKE_MONOTONIC=1. Python's time.sleep raises EINVAL under that setting, so the
# Python schema test runs with the default faking.
set -euo pipefail
at=$1 api=$2 zmq=$3 frames=$4 command=$5 schema=$6 work=$7
export TZ=UTC
# Every process a test starts (servers, field clients) shares the one fake clock; by default each
# new process would start again at the same instant, and two device reports made a second apart
# would carry the same time.
export FAKETIME_DONT_RESET=1
# ASan's allocator reads the monotonic clock while it holds its lock; libfaketime, initialising on
# that first call, allocates through dlsym, and the process deadlocks before main(). With the
# periodic release of memory to the OS off, ASan never asks for the time there.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}allocator_release_to_os_interval_ms=-1"
fake() { faketime -m -f "@$at" "$@"; }
echo "wall clock: $at UTC"
FAKETIME_DONT_FAKE_MONOTONIC=1 fake "$api" --gtest_brief=1 \
  --gtest_filter='CommandApi.OfficerOpensIncidentOrdersTeamAndWatchesStatus:BadInput.HugeFrameClosesOnlyThatConnection'
FAKETIME_DONT_FAKE_MONOTONIC=1 fake "$zmq" --gtest_brief=1 --gtest_filter='ZmqIngress.MalformedAndForeignFramesAreDroppedAndChangeNothing'
fake /usr/bin/python3 "$frames" "$command" "$schema" "$work"
