#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runner self-check (tools/vm/selftest/check-runner), not a project test:
# Passes only if nothing that leftover.sh started is still running.
echo "TAP version 13"; echo 1..1
if pgrep -x sleep >/dev/null; then pgrep -a sleep | sed 's/^/# /'; echo "not ok 1 no sleep left"; exit 1; fi
echo "ok 1 no sleep left"
