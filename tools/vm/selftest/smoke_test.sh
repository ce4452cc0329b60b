#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-check of the VM runner: we run in the guest kernel, modules load, and
# two namespaces joined by a veth pair can ping each other over IPv6.
#
#   ns-a (fd00:5::1/64) veth-a <====> veth-b (fd00:5::2/64) ns-b
#
# shellcheck disable=SC2317 # functions run through check() and trap

ksft_skip=4
suffix=$(printf '%04x' $((RANDOM)))
ns_a=smoke-a-$suffix
ns_b=smoke-b-$suffix
n=0
failed=0

ok() {
	n=$((n + 1))
	echo "ok $n $1"
}

not_ok() {
	n=$((n + 1))
	failed=1
	echo "not ok $n $1"
}

check() {	# check DESCRIPTION COMMAND...
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		ok "$desc"
	else
		[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/# /'
		not_ok "$desc"
	fi
}

cleanup() {
	ip netns del "$ns_a" 2>/dev/null
	ip netns del "$ns_b" 2>/dev/null
}
trap cleanup EXIT

ping6_once() {	# ping6_once NETNS ADDRESS
	if command -v ping >/dev/null; then
		ip netns exec "$1" ping -6 -c 1 -W 2 "$2"
	else
		ip netns exec "$1" busybox ping6 -c 1 -W 2 "$2"
	fi
}

veth_ping() {
	ip netns add "$ns_a" &&
	ip netns add "$ns_b" &&
	ip -n "$ns_a" link add veth-a type veth peer name veth-b netns "$ns_b" &&
	ip -n "$ns_a" addr add fd00:5::1/64 dev veth-a nodad &&
	ip -n "$ns_b" addr add fd00:5::2/64 dev veth-b nodad &&
	ip -n "$ns_a" link set veth-a up &&
	ip -n "$ns_b" link set veth-b up &&
	ping6_once "$ns_a" fd00:5::2
}

echo "TAP version 13"
if [ -z "${KVER:-}" ]; then
	echo "1..0 # SKIP not started by tools/vm/run (KVER is not set)"
	exit $ksft_skip
fi
echo "1..4"
check "kernel is $KVER" test "$(uname -r)" = "$KVER"
check "modprobe veth" modprobe veth
check "ping6 over a veth pair between two namespaces" veth_ping
check "modprobe nf_tables" modprobe nf_tables
exit $failed
