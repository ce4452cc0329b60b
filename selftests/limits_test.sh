#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Who may add SIDs, and what bounds them: a user namespace's root works on
# its own network namespace only; the module parameter max_sids caps each
# namespace with a clear error; what SIDs cost is charged to the memory
# cgroup of the process that adds them.
#
#   namespace      made by                         holds
#   srx-lim-*      the test (ip netns add)         dummies d1..d4, SID fc00:9::1
#   (unnamed)      unshare --user --map-root-user  dummies u1..u3,
#                  --net, as uid 65534             SIDs fc00:8::1, fc00:8::2
#   srx-mem-*      the test                        dummies m1..m$NMEM, one SID each,
#                                                  added from cgroup srx-mem-*
#
# 1. With max_sids=2, uid 65534, root of its own user namespace, adds two
#    End.AD6 SIDs on its own dummies and sees exactly them; its third is
#    refused with "Error: srext: this namespace has as many SIDs as the
#    module parameter max_sids allows."; srconf -n of the test's namespace
#    fails (no CAP_SYS_ADMIN over it); the test's namespace does not see
#    the user namespace's SIDs, sees its own, and, the limit being per
#    namespace, still adds a second.
# 2. max_sids=3: in srx-lim-*, a third SID goes in, the fourth is refused
#    with the same error; raising the limit lets it in.
# 3. $NMEM SIDs added by one srconf batch run inside a fresh memory cgroup
#    raise its memory.current by at least $NMEM x 512 bytes, all of it
#    returned (below that) once they are flushed.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

NMEM=200
PARAM=/sys/module/srext/parameters/max_sids

ktap_header
require_root
srext_require
require_cmd ip jq unshare setpriv
ktap_plan 11

srext_load
modprobe dummy 2>/dev/null
ns_create lim mem || ktap_bail "cannot create the namespaces"
for i in 1 2 3 4; do
	ip -n "${NS[lim]}" link add "d$i" type dummy &&
	ip -n "${NS[lim]}" link set "d$i" up || ktap_bail "cannot add dummy d$i"
done

# --------------------------------------------- 1: user namespace root ------

LIMIT_ERR="Error: srext: this namespace has as many SIDs as the module parameter max_sids allows."
old=$(cat "$PARAM")
restore_param() { echo "$old" >"$PARAM"; }
CLEANUP_HOOKS+=(restore_param)
cat >"$TMPD/userns.sh" <<EOF
for i in 1 2 3; do
	ip link add u\$i type dummy && ip link set u\$i up || exit 10
done
"$SRCONF" sid add fc00:8::1 behavior end.ad6 nh6 fd00:8::2 oif u1 iif u1 &&
"$SRCONF" sid add fc00:8::2 behavior end.ad6 nh6 fd00:8::2 oif u2 iif u2 || exit 10
"$SRCONF" sid add fc00:8::3 behavior end.ad6 nh6 fd00:8::2 oif u3 iif u3 2>"$TMPD/userns-limit.err"
echo "limit=\$?"
"$SRCONF" -j sid show >"$TMPD/userns.json" || exit 10
"$SRCONF" -n "${NS[lim]}" sid show >"$TMPD/userns-other.out" 2>"$TMPD/userns-other.err"
echo "other=\$?"
EOF
chmod 0755 "$TMPD" "$TMPD/userns.sh"
for f in userns.json userns-limit.err userns-other.out userns-other.err; do
	: >"$TMPD/$f"
	chmod 0666 "$TMPD/$f"
done
srconf -n "${NS[lim]}" sid add fc00:9::1 behavior end.ad6 nh6 fd00:9::2 \
	oif d4 iif d4 || ktap_bail "cannot add fc00:9::1"
echo 2 >"$PARAM"
out=$(setpriv --reuid 65534 --regid 65534 --clear-groups \
	unshare --user --map-root-user --net bash "$TMPD/userns.sh" 2>&1)
diag "uid 65534 in its user namespace: ${out//$'\n'/ }"
check_eq "uid 65534 as root of its user namespace adds two SIDs and sees only them" \
	'["fc00:8::1","fc00:8::2"]' "$(jq -c '[.[].sid] | sort' "$TMPD/userns.json" 2>&1)"
check_eq "with max_sids=2 its third is refused: exit 1 and why" "limit=1 $LIMIT_ERR" \
	"$(grep -o 'limit=[0-9]*' <<<"$out") $(cat "$TMPD/userns-limit.err")"
check_eq "it cannot open the test's namespace (srconf -n fails)" "other=1" \
	"$(grep -o 'other=[0-9]*' <<<"$out")"
diag "its error: $(cat "$TMPD/userns-other.err")"
check_eq "the test's namespace sees its own SID, not the user namespace's" \
	'["fc00:9::1"]' "$(srconf -j -n "${NS[lim]}" sid show | jq -c '[.[].sid]')"
check_cmd "the limit is per namespace: the test's namespace adds a second SID" \
	srconf -n "${NS[lim]}" sid add fc00:9::2 behavior end.ad6 nh6 fd00:9::2 oif d1 iif d1

# ----------------------------------------------------- 2: max_sids ---------

echo 3 >"$PARAM"
check_cmd "with max_sids=3 a third SID goes in" srconf -n "${NS[lim]}" sid add fc00:9::3 \
	behavior end.ad6 nh6 fd00:9::2 oif d2 iif d2
run_cmd srconf -n "${NS[lim]}" sid add fc00:9::4 behavior end.ad6 nh6 fd00:9::2 oif d3 iif d3
check_eq "the fourth is refused: exit 1 and why" "1 $LIMIT_ERR" "$RUN_RC $RUN_ERR"
echo "$old" >"$PARAM"
check_cmd "with the limit back at $old it goes in" srconf -n "${NS[lim]}" sid add fc00:9::4 \
	behavior end.ad6 nh6 fd00:9::2 oif d3 iif d3

# ------------------------------------------------ 3: memory cgroup ---------

cg=/sys/fs/cgroup/srx-mem-$SUFFIX
grep -qw memory /sys/fs/cgroup/cgroup.controllers ||
	ktap_bail "no memory controller in /sys/fs/cgroup"
echo +memory >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null
mkdir "$cg" || ktap_bail "cannot create $cg"
rm_cg() { rmdir "$cg" 2>/dev/null; }
CLEANUP_HOOKS+=(rm_cg)
for ((i = 1; i <= NMEM; i++)); do
	echo "link add m$i type dummy"
	echo "link set m$i up"
done >"$TMPD/links"
ip -n "${NS[mem]}" -b "$TMPD/links" || ktap_bail "cannot add the dummies"
for ((i = 1; i <= NMEM; i++)); do
	printf 'sid add fc00:7::%x behavior end.ad6 nh6 fd00:7::2 oif m%d iif m%d\n' "$i" "$i" "$i"
done >"$TMPD/sids"

# in_cg CMD...: run CMD as a process of the cgroup.
in_cg() {
	(echo "$BASHPID" >"$cg/cgroup.procs" && exec "$@")
}
# Page cache srconf's first run charges is the cgroup's from then on.
in_cg "$SRCONF" -n "${NS[mem]}" sid show >/dev/null
before=$(cat "$cg/memory.current")
check_cmd "$NMEM SIDs added by one srconf run in cgroup srx-mem" \
	in_cg "$SRCONF" -n "${NS[mem]}" -b "$TMPD/sids"
added=$(cat "$cg/memory.current")
srconf -n "${NS[mem]}" sid flush
sleep 2
after=$(cat "$cg/memory.current")
diag "memory.current: $before before, $added with the SIDs, $after after the flush"
if [ $((added - before)) -ge $((NMEM * 512)) ]; then
	ktap_ok "the cgroup pays for them: memory.current up $((added - before)) bytes (>= $((NMEM * 512)))"
else
	ktap_fail "the cgroup pays for them: memory.current up $((added - before)) bytes (>= $((NMEM * 512)))"
fi
if [ $((added - after)) -ge $((NMEM * 512)) ]; then
	ktap_ok "and gets it back when they go: down $((added - after)) bytes"
else
	ktap_fail "and gets it back when they go: down $((added - after)) bytes"
fi

ktap_finish
