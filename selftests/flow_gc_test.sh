#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A flow cache of a million flows: its garbage collector walks the whole
# table without holding the CPU or one RCU read section for the walk, on a
# non-preemptible kernel, and deleting the SID frees it all.
#
#   +-----+      +-----+      +------+
#   | ier |------| nfv |------| vnf1 |   ier sends one packet per inner
#   +-----+      +-----+      +------+   flow (pkt.py srv6-flows, a packet
#   fd00:12::1   fd00:12::2   fd00:f1::2 socket); vnf1 forwards nothing.
#
#   SID          behaviour
#   fc00:2::f1   End.AD6 nh6 fd00:f1::2 oif/iif to_vnf1
#                cache flow max FLOWS timeout 3600 (nothing goes idle)
#
# The scheduler runs with preemption off (debugfs sched/preempt "none")
# where the kernel lets us, the RCU stall timeout is lowered to 3 s and
# the soft lockup threshold to 2 s; the runner fails the test on any stall,
# lockup or splat in the kernel log. During the GC pass that walks the
# full table, a busy task on each CPU competes with it: the workqueue and
# scheduler trace events show whether the pass gave the CPU away (it must,
# with preemption off only its cond_resched() calls can).
#
# Asserts: every packet reached the VNF and got its flow entry; a GC pass
# walked the full table (nothing evicted) and yielded the CPU; deleting
# the SID freed the table (the namespace's flow count is back to zero: a
# new SID caches again) with a clean kernel log.
# FLOW_GC_FLOWS (default 1048576) chooses the size.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

FLOWS=${FLOW_GC_FLOWS:-1048576}
SID=fc00:2::f1
PREEMPT=/sys/kernel/debug/sched/preempt
STALL=/sys/module/rcupdate/parameters/rcu_cpu_stall_timeout
WATCHDOG=/proc/sys/kernel/watchdog_thresh
TRACE=/sys/kernel/tracing

ktap_header
require_root
srext_require
require_cmd ip jq taskset "$PYTHON"
if [ ! -d "$TRACE/events/workqueue" ] || [ ! -d "$TRACE/events/sched/sched_switch" ]; then
	ktap_skip_all "no workqueue and sched trace events in $TRACE"
fi
ktap_plan 6

old_preempt=
old_stall=
old_watchdog=
restore() {
	[ -n "$old_preempt" ] && echo "$old_preempt" >"$PREEMPT" 2>/dev/null
	[ -n "$old_stall" ] && echo "$old_stall" >"$STALL" 2>/dev/null
	[ -n "$old_watchdog" ] && echo "$old_watchdog" >"$WATCHDOG" 2>/dev/null
	echo 0 >"$TRACE/tracing_on" 2>/dev/null
	echo 0 >"$TRACE/events/enable" 2>/dev/null
	cleanup
}
trap restore EXIT

srext_load
setup_testbed none 1 || ktap_bail "cannot build the testbed"
nsx vnf1 sysctl -qw net.ipv6.conf.all.forwarding=0 ||
	ktap_bail "cannot make vnf1 a blackhole"
srconf -n "${NS[nfv]}" sid add "$SID" behavior end.ad6 nh6 fd00:f1::2 \
	oif to_vnf1 iif to_vnf1 cache flow max "$FLOWS" timeout 3600 ||
	ktap_bail "cannot add the SID"

nonpreempt=no
if [ -w "$PREEMPT" ]; then
	old_preempt=$(sed -n 's/.*(\([a-z]*\)).*/\1/p' "$PREEMPT")
	echo none >"$PREEMPT" || ktap_bail "cannot turn preemption off ($PREEMPT)"
	nonpreempt=yes
	diag "preemption: none (was $old_preempt)"
elif grep -q 'PREEMPT_RT\|PREEMPT ' /proc/version; then
	diag "a preemptible kernel: $(cat /proc/version)"
else
	nonpreempt=yes
fi
if [ -w "$STALL" ]; then
	old_stall=$(cat "$STALL")
	echo 3 >"$STALL" || ktap_bail "cannot lower the RCU stall timeout"
fi
if [ -w "$WATCHDOG" ]; then
	old_watchdog=$(cat "$WATCHDOG")
	echo 1 >"$WATCHDOG" || ktap_bail "cannot lower the soft lockup threshold"
fi
kernel_log_mark flow_gc

mac_of() {
	ip -n "${NS[$1]}" -j link show "$2" | jq -r '.[0].address'
}

sid_stat() {
	srext_json nfv "$SID"
	jq -r ".[0].stats | $1" <<<"$SREXT_JSON"
}

t0=$(date +%s)
out=$(nsx ier "$PYTHON" "$PKT_PY" srv6-flows --ifname to_nfv \
	--smac "$(mac_of ier to_nfv)" --dmac "$(mac_of nfv to_ier)" \
	--spec "{\"dst\": \"$SID\", \"segs\": [\"fc00:e::d6\", \"$SID\"]}" \
	--count "$FLOWS" 2>"$TMPD/flows.err")
diag "$FLOWS flows sent in $(($(date +%s) - t0)) s: $out"
check_eq "$FLOWS packets of as many flows sent" "$FLOWS" \
	"$(jq -r .sent <<<"$out" 2>&1)" || diag_file "sender" "$TMPD/flows.err"
check_eq "all of them to the VNF, each with its flow entry, nothing dropped or evicted" \
	"$FLOWS $FLOWS 0 0" "$(sid_stat '"\(.packets_to_vnf) \(.cache_updates) \(.evictions) \([.drops[]] | add)"')"

# The next GC pass (one a minute at most) walks the full table, against a
# busy task on each CPU.
echo 0 >"$TRACE/tracing_on"
echo >"$TRACE/trace"
echo 8192 >"$TRACE/buffer_size_kb"
echo 1 >"$TRACE/events/workqueue/workqueue_execute_start/enable"
echo 1 >"$TRACE/events/workqueue/workqueue_execute_end/enable"
echo 1 >"$TRACE/events/sched/sched_switch/enable"
echo 1 >"$TRACE/tracing_on"
for c in $(seq 0 $(($(nproc) - 1))); do
	bg_start "busy$c" - taskset -c "$c" sh -c 'while :; do :; done'
done
# gc_passes: "START_S:MS:YIELDS" per finished pass in the trace, YIELDS the
# times its worker was switched out still runnable.
gc_passes() {
	awk '{
		pid = $1; sub(/.*-/, "", pid)
		for (i = 2; i <= NF; i++)
			if ($i ~ /^[0-9]+\.[0-9]+:$/) { t = substr($i, 1, length($i) - 1); break }
	}
	/workqueue_execute_start: .*function flow_gc/ { start[pid] = t; y[pid] = 0 }
	/workqueue_execute_end: .*function flow_gc/ && (pid in start) {
		printf " %.0f:%.0f:%d", start[pid], (t - start[pid]) * 1000, y[pid]
		delete start[pid]
	}
	/sched_switch: / {
		pp = $0; sub(/.*prev_pid=/, "", pp); sub(/ .*/, "", pp)
		ps = $0; sub(/.*prev_state=/, "", ps); sub(/ .*/, "", ps)
		if ((pp in start) && ps ~ /^R/) y[pp]++
	}' "$TRACE/trace"
}
passes=
for ((i = 0; i < 90; i++)); do
	sleep 1
	passes=$(gc_passes)
	[ -n "$passes" ] && break
done
for c in $(seq 0 $(($(nproc) - 1))); do
	bg_stop "busy$c"
done
echo 0 >"$TRACE/tracing_on"
diag "GC passes over the full table (start s:ms:yields):$passes"
check_eq "a GC pass walked the full table, nothing evicted" "yes 0" \
	"$([ -n "$passes" ] && echo yes || echo no) $(sid_stat .evictions)"
first=${passes# }
first=${first%% *}
if [ "$nonpreempt" = yes ]; then
	check_eq "with preemption off, that pass gave the CPU to the busy tasks" yes \
		"$([ "${first##*:}" -gt 0 ] 2>/dev/null && echo yes || echo "no: ${first:-no pass}")"
else
	ktap_skip "with preemption off, that pass gave the CPU away: this kernel preempts anyway"
fi

srconf -n "${NS[nfv]}" sid del "$SID" || diag "srconf sid del failed"
# The table is freed after an RCU grace period, by a worker: until then
# its flows still count against the namespace's max_flows (the next SID
# would cache nothing). Then a new SID caches again.
srconf -n "${NS[nfv]}" sid add "$SID" behavior end.ad6 nh6 fd00:f1::2 \
	oif to_vnf1 iif to_vnf1 cache flow max 16 || diag "srconf sid add failed"
for ((i = 0; i < 60; i++)); do
	nsx ier "$PYTHON" "$PKT_PY" srv6-flows --ifname to_nfv \
		--smac "$(mac_of ier to_nfv)" --dmac "$(mac_of nfv to_ier)" \
		--spec "{\"dst\": \"$SID\", \"segs\": [\"fc00:e::d6\", \"$SID\"]}" \
		--first "$i" --count 1 >/dev/null 2>&1
	[ "$(sid_stat .cache_updates)" -gt 0 ] && break
	sleep 1
done
check_eq "the full table freed once the SID is deleted: a new SID caches again" \
	yes "$([ "$(sid_stat .cache_updates)" -gt 0 ] && echo yes || echo no)"
check_kernel_log "no RCU stall, soft lockup or splat with $FLOWS flows" flow_gc

ktap_finish
