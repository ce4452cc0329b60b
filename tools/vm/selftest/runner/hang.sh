#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runner self-check (tools/vm/selftest/check-runner), not a project test:
# Freezes the guest (suspend to idle, no wake-up): the runner must time out.
echo "TAP version 13"; echo 1..1
echo "# freezing the guest"
echo freeze > /sys/power/state
echo "ok 1 still alive?"
