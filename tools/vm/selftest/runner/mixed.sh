#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runner self-check (tools/vm/selftest/check-runner), not a project test:
# Top-level pass, skip, fail; nested KTAP and diagnostics that must not count.
echo "TAP version 13"; echo 1..4
echo "ok 1 first"
echo "ok 2 second # SKIP not today"
echo "  TAP version 13"; echo "  1..2"; echo "  not ok 1 nested failure is ignored"; echo "  ok 2 nested"
echo "# ok 9 a diagnostic is not a result"
echo "ok 3 third"
echo "not ok 4 fourth"
exit 1
