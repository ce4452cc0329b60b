#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Object lifetime under traffic: unload the module, delete the NFV node's
# namespace and delete the VNF's namespace, each while a ping flood runs
# through the End.AD6 SID; the kernel log must stay clean, every namespace
# the test made must be gone and the module must unload at the end.
#
#   +-----+      +-----+  SR  +-----+  SR  +-----+      +------+
#   | src |------| ier |------| nfv |------| eer |------| sink |
#   +-----+      +-----+      +-----+      +-----+      +------+
#   fd00:1::1    fd00:1::2    fd00:12::2   fd00:23::2   fd00:2::1
#                fd00:12::1   fd00:23::1   fd00:2::2
#                              |fd00:f1::1 (to_vnf1)
#                             +------+
#                             | vnf1 | fd00:f1::2, plain IPv6 router
#                             +------+
#
#   SID           node  behaviour
#   fc00:2::f1    nfv   End.AD6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 (srext)
#   fc00:e::d6    eer   seg6local End.DX6 nh6 fd00:2::1
#
#   ier: fd00:2::/64 encap seg6 mode encap segs fc00:2::f1,fc00:e::d6
#
# Phases (flood: ping -i 0.05 from src to sink, started and killed by PID):
# 1. flood through the SID, rmmod srext: succeeds, srconf then reports the
#    family missing, kernel log clean; insmod again: the table is empty.
# 2. SID added again, flood, ip netns del of nfv: its interfaces (seen from
#    the peers) are gone within 10 s, kernel log clean.
# 3. on a fresh testbed, flood, ip netns del of vnf1: the SID (whose
#    oif/iif was in vnf1's veth pair) disappears, kernel log clean.
# End: every namespace the test created is gone, rmmod srext works, no
# WARNING/BUG/"unregister_netdevice: waiting" in the whole test's kernel
# log (waiting past the kernel's 10 s unregister timeout), and srext is
# loaded again for the tests that follow.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

SID=fc00:2::f1
# netdev_wait_allrefs() complains after net.core.netdev_unregister_timeout_secs.
UNREG_WAIT=$(($(sysctl -n net.core.netdev_unregister_timeout_secs 2>/dev/null || echo 10) + 1))

ktap_header
require_root
srext_require
require_cmd ip jq ping dmesg lsmod
ktap_plan 22

srext_load
kernel_log_mark "lifetime begin $SUFFIX"

# wait_traffic DESC: the flood gets through the SID (counters grow).
wait_traffic() {
	local i n=0
	for ((i = 0; i < 30; i++)); do
		n=$(srconf -n "${NS[nfv]}" -j -s sid show "$SID" 2>/dev/null |
			jq -r '.[0].stats.packets_from_vnf // 0' 2>/dev/null)
		[ "${n:-0}" -ge 5 ] && break
		sleep 0.5
	done
	check_eq "$1" yes "$([ "${n:-0}" -ge 5 ] && echo yes || echo "no ($n packets back from the VNF)")"
}

module_gone() {
	if srext_loaded || lsmod | awk '$1 == "srext" { f = 1 } END { exit !f }'; then
		echo "still loaded"
	else
		echo gone
	fi
}

# links_gone ROLE:DEV...: wait up to 10 s until none of the devices exist.
links_gone() {
	local i spec left
	for ((i = 0; i < 100; i++)); do
		left=
		for spec in "$@"; do
			ip -n "${NS[${spec%%:*}]}" link show "${spec#*:}" >/dev/null 2>&1 &&
				left+=" $spec"
		done
		[ -z "$left" ] && break
		sleep 0.1
	done
	echo "${left:-none left}"
}

# ---------------------------------------------- 1. rmmod under traffic ----

setup_testbed srext 1 || ktap_bail "cannot build the testbed"
bg_start flood1 src ping -q -n -i 0.05 fd00:2::1
wait_traffic "phase 1: the flood passes through the SID"
kernel_log_mark "lifetime rmmod $SUFFIX"
check_cmd "rmmod srext while a SID is configured and traffic flows" rmmod srext
check_eq "srext is unloaded" gone "$(module_gone)"
if modprobe -n -q srext 2>/dev/null; then
	ktap_skip "srconf without the module: exit status 1" \
		"srext is installed in /lib/modules/$KVER, so opening the family loads it"
	ktap_skip "srconf without the module: message" \
		"srext is installed in /lib/modules/$KVER, so opening the family loads it"
else
	# (sid show would still list the seg6local routes: adding needs srext)
	run_cmd srconf -n "${NS[nfv]}" sid add fc00:2::f9 behavior End.AD6 \
		nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1
	check_eq "srconf without the module: exit status 1" 1 "$RUN_RC"
	check_eq "srconf without the module: message" \
		'Error: generic netlink family "SREXT" not found: is srext.ko loaded?' "$RUN_ERR"
fi
sleep 1
check_kernel_log "phase 1: kernel log clean after rmmod under traffic" "lifetime rmmod $SUFFIX"
check_cmd "insmod srext again" insmod "$SREXT_KO" || ktap_bail "cannot load srext again"
check_eq "after reloading, the namespace's table is empty" "[]" \
	"$(srconf -n "${NS[nfv]}" -j sid show 2>&1)"
bg_stop flood1

# --------------------------------- 2. delete nfv's namespace under traffic ----

check_cmd "phase 2: SID added again" testbed_add_sid 1
bg_start flood2 src ping -q -n -i 0.05 fd00:2::1
wait_traffic "phase 2: the flood passes through the SID"
kernel_log_mark "lifetime netns-del-nfv $SUFFIX"
check_cmd "ip netns del of the NFV node's namespace" timeout 10 ip netns del "${NS[nfv]}"
check_eq "the NFV node's veths are destroyed within 10 s (peers gone)" "none left" \
	"$(links_gone ier:to_nfv eer:to_nfv vnf1:to_nfv)"
sleep 1
check_kernel_log "phase 2: kernel log clean after deleting nfv under traffic" \
	"lifetime netns-del-nfv $SUFFIX"
bg_stop flood2

# --------------------------------- 3. delete the VNF's namespace under traffic ----

for role in src ier eer sink vnf1; do
	ip netns del "${NS[$role]}"
done
SUFFIX=${SUFFIX}b
setup_testbed srext 1 || ktap_bail "cannot build the second testbed"
bg_start flood3 src ping -q -n -i 0.05 fd00:2::1
wait_traffic "phase 3: the flood passes through the SID"
kernel_log_mark "lifetime netns-del-vnf1 $SUFFIX"
check_cmd "ip netns del of vnf1's namespace" timeout 10 ip netns del "${NS[vnf1]}"
gone=
for ((i = 0; i < 100; i++)); do
	gone=$(srconf -n "${NS[nfv]}" -j sid show 2>&1)
	[ "$gone" = "[]" ] && break
	sleep 0.1
done
check_eq "the SID disappears with its veth within 10 s" "[]" "$gone"
sleep 1
check_kernel_log "phase 3: kernel log clean after deleting vnf1 under traffic" \
	"lifetime netns-del-vnf1 $SUFFIX"
bg_stop flood3

# --------------------------------------------------------------- end ----

for name in "${NS_CREATED[@]}"; do
	ns_exists "$name" && ip netns del "$name"
done
deleted=$SECONDS
left=
for name in "${NS_CREATED[@]}"; do
	ns_exists "$name" && left+=" $name"
	ip netns list | awk '{ print $1 }' | grep -qx -- "$name" && left+=" $name(listed)"
done
check_eq "every namespace the test created is gone" "" "$left"
check_cmd "rmmod srext at the end" rmmod srext
check_eq "srext is unloaded at the end" gone "$(module_gone)"
# A leaked device reference shows up as "unregister_netdevice: waiting"
# once the unregister timeout has passed.
while ((SECONDS - deleted < UNREG_WAIT)); do
	sleep 1
done
check_kernel_log "kernel log of the whole test clean (no WARNING, BUG, leaked device)" \
	"lifetime begin ${SUFFIX%b}"
check_cmd "insmod srext for the tests that follow" insmod "$SREXT_KO"

ktap_finish
