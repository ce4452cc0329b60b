#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runner self-check (tools/vm/selftest/check-runner), not a project test:
# Leaves background processes (one in its own session, one ignoring TERM) and a netns behind.
echo "TAP version 13"; echo 1..1
sleep 1000 &
setsid sleep 1001 &
(trap '' TERM HUP; exec sleep 1002) &
ip netns add leftover-$$
echo "ok 1 left three sleeps and a netns behind"
