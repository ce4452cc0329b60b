#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runner self-check (tools/vm/selftest/check-runner), not a project test:
# Passes but writes a WARNING to the kernel log: the log check must fail.
echo "TAP version 13"; echo 1..1
echo "<4>WARNING: CPU: 1 PID: 42 at net/fake.c:1 fake_warning+0x0/0x10" > /dev/kmsg
echo "ok 1 wrote a fake warning"
