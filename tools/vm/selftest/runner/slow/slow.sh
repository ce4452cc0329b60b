#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runner self-check (tools/vm/selftest/check-runner), not a project test:
# Outlives its 3 s budget from ./settings: timeout, one failure.
echo "TAP version 13"; echo 1..1
trap 'echo "# got TERM"; exit 143' TERM
sleep 100 & wait
