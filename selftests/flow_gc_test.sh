#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A flow cache of a million flows: its garbage collector walks the whole
# table without holding one RCU read section for the walk, nor the CPU on
# a non-preemptible kernel; deleting the SID frees it all.
#
#   +-----+      +-----+      +------+
#   | ier |------| nfv |------| vnf1 |   ier sends one packet per inner
#   +-----+      +-----+      +------+   flow (pkt.py srv6-flows, a packet
#   fd00:12::1   fd00:12::2   fd00:f1::2 socket); the VNFs forward
#                   |         +------+   nothing.
#                   +---------| vnf2 |
#                             +------+ fd00:f2::2
#
#   SID          behaviour
#   fc00:2::f1   End.AD6 nh6 fd00:f1::2 oif/iif to_vnf1
#                cache flow max FLOWS timeout 3600 (nothing goes idle)
#   fc00:2::f2   End.AD6 nh6 fd00:f2::2 oif/iif to_vnf2 cache flow max 16:
#                added once the namespace is full (srext's max_flows set
#                to FLOWS for the test)
#
# Preemption is off (debugfs sched/preempt "none") where the kernel lets
# us, the RCU stall timeout is 3 s and the soft lockup threshold 2 s; the
# runner fails the test on any stall, lockup or splat in the kernel log.
# During the GC pass over the full table, a busy task on each CPU competes
# with it and a loop of membarrier(MEMBARRIER_CMD_GLOBAL) (a
# synchronize_rcu() each) waits for grace periods; the workqueue and
# sched_switch trace events (clock: mono) and the loop's own timestamps
# show whether grace periods ended while the pass ran (they cannot if the
# walk is one read section, preemptible RCU or not) and whether the pass
# gave the CPU away (with preemption off only its cond_resched() can).
#
# Asserts: every packet reached the VNF and cached its flow (the namespace
# is then full: the second SID caches nothing); a GC pass ran over the full
# table, nothing evicted; grace periods began and ended inside it; it
# yielded the CPU (preemption off only); once the first SID is deleted,
# the second one caches (the table was freed and uncounted); a clean log.
# FLOW_GC_FLOWS (default 1048576; tools/vm/run -e) chooses the size.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

FLOWS=${FLOW_GC_FLOWS:-1048576}
SID=fc00:2::f1
SID2=fc00:2::f2
PREEMPT=/sys/kernel/debug/sched/preempt
STALL=/sys/module/rcupdate/parameters/rcu_cpu_stall_timeout
WATCHDOG=/proc/sys/kernel/watchdog_thresh
MAX_FLOWS=/sys/module/srext/parameters/max_flows
TRACE=/sys/kernel/tracing
EVENTS=(workqueue/workqueue_execute_start workqueue/workqueue_execute_end sched/sched_switch)

ktap_header
require_root
srext_require
require_cmd ip jq taskset "$PYTHON"
for e in "${EVENTS[@]}"; do
	[ -w "$TRACE/events/$e/enable" ] || ktap_skip_all "no trace event $e in $TRACE"
done
ktap_plan 9

declare -A saved=()
# save FILE VALUE: write VALUE to FILE, restored at exit.
save() {
	[ -n "${saved[$1]+x}" ] || saved[$1]=$(<"$1")
	echo "$2" >"$1"
}
restore() {
	local f
	echo 0 >"$TRACE/tracing_on" 2>/dev/null
	for f in "${!saved[@]}"; do
		echo "${saved[$f]}" >"$f" 2>/dev/null
	done
	echo >"$TRACE/trace" 2>/dev/null
	cleanup
}
trap restore EXIT

srext_load
setup_testbed none 2 || ktap_bail "cannot build the testbed"
for v in vnf1 vnf2; do
	nsx "$v" sysctl -qw net.ipv6.conf.all.forwarding=0 ||
		ktap_bail "cannot make $v a blackhole"
done
save "$MAX_FLOWS" "$FLOWS" || ktap_bail "cannot set srext's max_flows"
srconf -n "${NS[nfv]}" sid add "$SID" behavior end.ad6 nh6 fd00:f1::2 \
	oif to_vnf1 iif to_vnf1 cache flow max "$FLOWS" timeout 3600 ||
	ktap_bail "cannot add the SID"

nonpreempt=no
if [ -w "$PREEMPT" ]; then
	# "none voluntary (full)": the current one in parentheses.
	was=$(sed -n 's/.*(\([a-z]*\)).*/\1/p' "$PREEMPT")
	[ -n "$was" ] || ktap_bail "cannot read the preemption model: $(<"$PREEMPT")"
	# PREEMPT_RT kernels with dynamic preemption refuse "none" (EINVAL).
	if echo none >"$PREEMPT" 2>/dev/null; then
		saved[$PREEMPT]=$was
		nonpreempt=yes
		diag "preemption: none (was $was)"
	else
		diag "this kernel refuses preemption \"none\" ($(<"$PREEMPT")): it preempts"
	fi
elif grep -q 'PREEMPT_RT\|PREEMPT ' /proc/version; then
	diag "a preemptible kernel: $(</proc/version)"
else
	nonpreempt=yes
fi
[ -w "$STALL" ] && { save "$STALL" 3 || ktap_bail "cannot lower the RCU stall timeout"; }
[ -w "$WATCHDOG" ] && { save "$WATCHDOG" 1 || ktap_bail "cannot lower the soft lockup threshold"; }
kernel_log_mark flow_gc

# sid_stat SID JQ: JQ of SID's counters.
sid_stat() {
	srext_json nfv "$1"
	jq -r ".[0].stats | $2" <<<"$SREXT_JSON"
}

# flows SID FIRST COUNT: COUNT packets of as many flows to SID.
flows() {
	nsx ier "$PYTHON" "$PKT_PY" srv6-flows --ifname to_nfv \
		--smac "$(mac_of ier to_nfv)" --dmac "$(mac_of nfv to_ier)" \
		--spec "{\"dst\": \"$1\", \"segs\": [\"fc00:e::d6\", \"$1\"]}" \
		--first "$2" --count "$3"
}

t0=$(date +%s)
out=$(flows "$SID" 0 "$FLOWS" 2>"$TMPD/flows.err")
diag "$FLOWS flows sent in $(($(date +%s) - t0)) s: $out"
check_eq "$FLOWS packets of as many flows sent" "$FLOWS" \
	"$(jq -r .sent <<<"$out" 2>&1)" || diag_file "sender" "$TMPD/flows.err"
check_eq "all to the VNF, each caching its flow, nothing dropped or evicted" \
	"$FLOWS $FLOWS 0 0" \
	"$(sid_stat "$SID" '"\(.packets_to_vnf) \(.cache_updates) \(.evictions) \([.drops[]] | add)"')"

# The next GC pass (one a minute at most) walks the full table, against a
# busy task on each CPU and a loop of synchronize_rcu().
save "$TRACE/tracing_on" 0
# trace_clock: "[local] global ..." (the current one in brackets);
# buffer_size_kb: "1408", or "7 (expanded: 1408)" before first use.
saved[$TRACE/trace_clock]=$(sed -n 's/.*\[\([a-z0-9-]*\)\].*/\1/p' "$TRACE/trace_clock")
echo mono >"$TRACE/trace_clock" || ktap_bail "no trace clock mono"
saved[$TRACE/buffer_size_kb]=$(sed 's/.*expanded: \([0-9]*\).*/\1/; s/ .*//' "$TRACE/buffer_size_kb")
echo 8192 >"$TRACE/buffer_size_kb"
echo >"$TRACE/trace"
for e in "${EVENTS[@]}"; do
	save "$TRACE/events/$e/enable" 1
done
echo 1 >"$TRACE/tracing_on"
for c in $(seq 0 $(($(nproc) - 1))); do
	bg_start "busy$c" - taskset -c "$c" sh -c 'while :; do :; done'
done
: >"$TMPD/gp.times"
bg_start gp - "$PYTHON" -c '
import ctypes, os, sys, time
libc = ctypes.CDLL(None, use_errno=True)
out = open(sys.argv[1], "w", buffering=1)
while True:
    s = time.clock_gettime(time.CLOCK_MONOTONIC)
    # SYS_membarrier, MEMBARRIER_CMD_GLOBAL: synchronize_rcu()
    if libc.syscall(324, 1, 0) != 0:
        sys.exit("membarrier: " + os.strerror(ctypes.get_errno()))
    out.write("%.6f %.6f\n" % (s, time.clock_gettime(time.CLOCK_MONOTONIC)))
' "$TMPD/gp.times"
# Only a pass that starts once the loop is waiting for grace periods can
# show one end inside it: the interpreter takes seconds to start on the
# debug kernel, and a pass during that time made this test fail there.
# Passes before then are dropped with the trace.
for ((i = 0; i < 30 * TIME_SCALE; i++)); do
	[ -s "$TMPD/gp.times" ] && break
	sleep 1
done
[ -s "$TMPD/gp.times" ] || diag "the grace-period loop recorded nothing in $((30 * TIME_SCALE)) s"
echo >"$TRACE/trace"
# gc_passes: "START:END:YIELDS" per finished pass in the trace (seconds,
# clock mono), YIELDS the times its worker was switched out runnable.
gc_passes() {
	awk '{
		pid = $1; sub(/.*-/, "", pid)
		for (i = 2; i <= NF; i++)
			if ($i ~ /^[0-9]+\.[0-9]+:$/) { t = substr($i, 1, length($i) - 1); break }
	}
	/workqueue_execute_start: .*function flow_gc/ { start[pid] = t; y[pid] = 0 }
	/workqueue_execute_end: .*function flow_gc/ && (pid in start) {
		printf " %s:%s:%d", start[pid], t, y[pid]
		delete start[pid]
	}
	/sched_switch: / {
		pp = $0; sub(/.*prev_pid=/, "", pp); sub(/ .*/, "", pp)
		ps = $0; sub(/.*prev_state=/, "", ps); sub(/ .*/, "", ps)
		if ((pp in start) && ps ~ /^R/) y[pp]++
	}' "$TRACE/trace"
}
passes=
for ((i = 0; i < 90 * TIME_SCALE; i++)); do
	sleep 1
	passes=$(gc_passes)
	[ -n "$passes" ] && break
done
bg_stop gp
for c in $(seq 0 $(($(nproc) - 1))); do
	bg_stop "busy$c"
done
echo 0 >"$TRACE/tracing_on"
first=${passes# }
first=${first%% *}
IFS=: read -r p_start p_end p_yields <<<"$first"
diag "GC pass over the full table (start:end:yields, s): ${first:-none}$([ -s "$TMPD/gp.err" ] && echo "; $(<"$TMPD/gp.err")")"
check_eq "a GC pass ran over the full table, nothing evicted" "yes 0" \
	"$([ -n "$first" ] && echo yes || echo no) $(sid_stat "$SID" .evictions)"
gps=$(awk -v s="${p_start:-0}" -v e="${p_end:-0}" '$1 > s && $2 < e { n++ } END { print n + 0 }' "$TMPD/gp.times")
diag "grace periods waited for during the pass: $gps of $(wc -l <"$TMPD/gp.times"), from $(head -n 1 "$TMPD/gp.times") to $(tail -n 1 "$TMPD/gp.times")"
# Those that overlap the pass without fitting in it: which were waited
# for across it, and how long (a walk that blocks grace periods makes one
# span it; a waiter that gets no CPU makes none end).
diag "grace periods overlapping the pass: $(awk -v s="${p_start:-0}" -v e="${p_end:-0}" '
	$2 > s && $1 < e && !($1 > s && $2 < e) { printf " %s-%s", $1, $2 }' "$TMPD/gp.times")"
check_eq "grace periods began and ended while that pass walked the table" yes \
	"$([ "$gps" -gt 0 ] && echo yes || echo no)"
if [ "$nonpreempt" = yes ]; then
	check_eq "with preemption off, that pass gave the CPU to the busy tasks" yes \
		"$([ "${p_yields:-0}" -gt 0 ] && echo yes || echo "no: ${first:-no pass}")"
else
	ktap_skip "with preemption off, that pass gave the CPU away" "this kernel preempts it anyway"
fi

# The namespace holds max_flows = FLOWS flows if they all got a place:
# another flow-cache SID can cache none.
srconf -n "${NS[nfv]}" sid add "$SID2" behavior end.ad6 nh6 fd00:f2::2 \
	oif to_vnf2 iif to_vnf2 cache flow max 16 || diag "srconf sid add $SID2 failed"
flows "$SID2" 0 1 >/dev/null 2>&1
check_eq "the namespace is full: $SID2 passes a packet on and caches nothing" "1 0" \
	"$(sid_stat "$SID2" '"\(.packets_to_vnf) \(.cache_updates)"')"
check_cmd "srconf sid del $SID (its $FLOWS flows)" srconf -n "${NS[nfv]}" sid del "$SID"
# The table is freed after a grace period, by a worker: until then its
# flows still count against max_flows.
for ((i = 1; i <= 60 * TIME_SCALE; i++)); do
	flows "$SID2" "$i" 1 >/dev/null 2>&1
	[ "$(sid_stat "$SID2" .cache_updates)" -gt 0 ] && break
	sleep 1
done
check_eq "the table freed and uncounted: $SID2 now caches" yes \
	"$([ "$(sid_stat "$SID2" .cache_updates)" -gt 0 ] && echo yes || echo no)"
check_kernel_log "no RCU stall, soft lockup or splat with $FLOWS flows" flow_gc

ktap_finish
