#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runner self-check (tools/vm/selftest/check-runner), not a project test:
# Panics the guest (sysrq c): the runner must report a crash.
echo "TAP version 13"; echo 1..1
echo "# crashing the kernel now"
echo c > /proc/sysrq-trigger
echo "ok 1 still alive?"
