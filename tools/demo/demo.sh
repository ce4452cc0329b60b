#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of "make demo": the NetSoft 2017 paper's testbed with an
# SR-unaware firewall behind an End.AD6 SID of srext, shown to a human.
# Builds the testbed (selftests/lib.sh), configures the NFV node with
# srconf, loads an nftables firewall into the VNF, sends a ping, a short
# UDP transfer (partly blocked by the firewall) and a short TCP transfer,
# then prints, hop by hop, the headers captured for one packet of each
# kind, the srconf counters and a verdict.  Exit 0 if everything worked.
#
# Runs inside the test VM (tools/vm/run sets KVER, SREXT_KO, SRCONF);
# needs root, iproute2, tcpdump, nft, jq, python3.

# shellcheck source=../../selftests/lib.sh
. "$(dirname "$0")/../../selftests/lib.sh"

PROBLEMS=0

say() {
	printf '%s\n' "$*"
}

title() {
	printf '\n== %s\n\n' "$*"
}

# run ROLE CMD...: show "ROLE# CMD" and run it in ROLE's namespace
# (ROLE "host" runs it in the VM's own namespace), output indented.
# "srconf" stands for $SRCONF.
run() {
	local role=$1
	shift
	local rc
	printf '  %-5s# %s\n' "$role" "$*"
	[ "$1" != srconf ] || set -- "$SRCONF" "${@:2}"
	if [ "$role" = host ]; then
		"$@" 2>&1 | sed 's/^/         /'
	else
		nsx "$role" "$@" 2>&1 | sed 's/^/         /'
	fi
	rc=${PIPESTATUS[0]}
	return "$rc"
}

# verdict DESC EXPECTED ACTUAL
verdict() {
	if [ "$2" == "$3" ]; then
		printf '  [PASS] %s\n' "$1"
	else
		printf '  [FAIL] %s: expected %s, got %s\n' "$1" "$2" "$3"
		PROBLEMS=$((PROBLEMS + 1))
	fi
}

die() {
	say "demo: $*" >&2
	exit 1
}

[ "$(id -u)" = 0 ] || die "needs root"
for tool in ip tcpdump nft jq "$PYTHON" ping; do
	command -v "$tool" >/dev/null || die "$tool is not installed"
done
if [ -z "${KVER:-}" ]; then
	die "run me through 'make demo' (inside the test VM: KVER, SREXT_KO and SRCONF are unset here)"
fi
[ -x "${SRCONF:-}" ] || die "srconf not found (SRCONF='${SRCONF:-}')"
if ! srext_loaded; then
	[ -f "${SREXT_KO:-}" ] || die "srext.ko not found (SREXT_KO='${SREXT_KO:-}')"
	insmod "$SREXT_KO" || die "insmod $SREXT_KO failed"
fi
modprobe -q nf_tables 2>/dev/null

title "srext demo on Linux $(uname -r): SRv6 service chaining through an SR-unaware firewall"
cat <<'EOF'
  src ---- ier ====SRv6==== nfv ====SRv6==== eer ---- sink
  fd00:1::1                  |                        fd00:2::1
                           vnf1  nftables firewall, knows nothing of SRv6

  ier (ingress edge router) classifies traffic to fd00:2::/64 and
  encapsulates it: outer IPv6 + SRH with segments fc00:2::f1 (the
  firewall's SID on the NFV node) then fc00:e::d6 (End.DX6 on eer).
  nfv runs srext: End.AD6 for fc00:2::f1 strips the SRv6 headers, hands
  the plain packet to vnf1 and puts the headers back when vnf1 returns it.
EOF

title "Building the testbed (7 network namespaces, suffix $SUFFIX)"
setup_testbed none 1 || die "cannot build the testbed"
say "  ier  # ip -6 route show fd00:2::/64"
nsx ier ip -6 route show fd00:2::/64 | sed 's/^/         /'
say "  eer  # ip -6 route show fc00:e::d6"
nsx eer ip -6 route show fc00:e::d6 | sed 's/^/         /'

title "Configuring the NFV node with srconf"
run nfv srconf sid add fc00:2::f1 behavior End.AD6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 ||
	die "srconf sid add failed"
run nfv srconf sid show

title "Loading the firewall into vnf1 (drop UDP to port 5001)"
nsx vnf1 nft -f - <<'EOF' || die "nft failed"
table inet demo_fw {
	counter forwarded {}
	counter blocked {}
	chain forward {
		type filter hook forward priority filter; policy accept;
		counter name "forwarded"
		udp dport 5001 counter name "blocked" drop
	}
}
EOF
nsx vnf1 nft list chain inet demo_fw forward | sed 's/^/    /'

title "Sending traffic from src to sink"
cap_start ier ier to_nfv -Q out &&
cap_start vnf1 vnf1 to_nfv -Q in &&
cap_start eer eer to_nfv -Q in &&
cap_start sink sink to_eer -Q in || die "cannot start the captures"

say "  ping: 3 echo requests"
got=$(ping_run src fd00:2::1 3 0.2)
say "  UDP: 20 datagrams to port 5000 and 5 to port 5001 (the firewall blocks 5001)"
udp_run udp src sink fd00:2::1 5000:20,5001:5 20 >/dev/null
say "  TCP: 512 KiB over one connection to port 6000"
tcp_run tcp src sink fd00:2::1 6000 524288 >/dev/null
cap_stop ier vnf1 eer sink || die "cannot decode the captures"

# hop KEY CAPTURE LABEL: one line describing packet KEY on one hop.
JQ_FMT='def l4: if .icmp_type == 128 then "ICMPv6 echo request seq \(.icmp_seq)"
		elif .l4 == "icmp6" then "ICMPv6 type \(.icmp_type)"
		elif .l4 == "udp" then "UDP \(.sport) > \(.dport)"
		elif .l4 == "tcp" then "TCP \(.sport) > \(.dport) flags 0x\(.tcp_flags)"
		else "proto \(.l4)" end;
	if . == null then "(not seen: dropped before this hop)"
	else "IPv6 \(.src) > \(.dst) hlim \(.hlim)"
	+ (if .rh then " | SRH SL=\(.rh.sl) segs [\(.rh.segs | join(", "))]" else " | no SRH" end)
	+ (if .inner then " | inner IPv6 \(.inner.src) > \(.inner.dst) hlim \(.inner.hlim)" else "" end)
	+ " | " + l4 end'
hop() {
	printf '    %-12s %s\n' "$3" "$(jq -r -s --arg k "$1" "[.[] | select(.key == \$k)] | first | $JQ_FMT" "$TMPD/$2.json")"
}

# show_packet DESC JQ-SELECT: the path of the first packet matching JQ-SELECT
# in the ier capture.
show_packet() {
	local key
	key=$(cap_jq ier "[.[] | $JQ_DATA | select($2)] | first | .key // empty")
	say "  $1"
	if [ -z "$key" ]; then
		say "    (no such packet captured)"
		return
	fi
	hop "$key" ier "ier -> nfv"
	hop "$key" vnf1 "nfv -> vnf1"
	hop "$key" eer "nfv -> eer"
	hop "$key" sink "eer -> sink"
	say
}

title "What each hop saw (captured with tcpdump)"
show_packet "ICMPv6 echo request" '.l4 == "icmp6"'
show_packet "UDP datagram to port 5000 (allowed)" '.l4 == "udp" and .dport == 5000'
show_packet "UDP datagram to port 5001 (blocked by the firewall)" '.l4 == "udp" and .dport == 5001'
show_packet "TCP SYN" '.l4 == "tcp" and .tcp_flags == 2'
cat <<'EOF'
  Between ier and nfv the packet carries the SRH with SL=1 towards the
  firewall's SID; vnf1 gets the bare inner packet; towards eer the SRH is
  back with SL=0 and DA fc00:e::d6, the outer hop limit one lower; eer
  decapsulates (End.DX6) and delivers the original packet.
EOF

title "srext counters on the NFV node"
run nfv srconf -s sid show
say
say "  firewall counters in vnf1:"
nsx vnf1 nft list counters table inet demo_fw | grep -E 'counter|packets' | sed 's/^/    /'

title "Verdict"
srext_json nfv
s='.[0].stats'
verdict "ping: 3 replies" 3 "$got"
verdict "UDP to 5000: 20 of 20 delivered" 20 "$(udp_got 5000)"
verdict "UDP to 5001: 0 of 5 delivered (blocked in vnf1)" 0 "$(udp_got 5001)"
verdict "TCP: 512 KiB delivered intact" "$(jq -c -S . <<<"${TCP_SENT:-null}")" \
	"$(jq -c -S . <<<"${TCP_RECV:-null}" 2>&1)"
verdict "vnf1 saw no SRH at all" 0 \
	"$(cap_jq vnf1 "[.[] | $JQ_DATA | select(.rh != null or .inner != null)] | length")"
n_eer=$(cap_jq eer "[.[] | $JQ_DATA] | length")
verdict "towards eer every packet has the SRH with SL=0 and DA fc00:e::d6" "$n_eer" \
	"$(cap_jq eer "[.[] | $JQ_DATA | select(.rh.sl == 0 and .dst == \"fc00:e::d6\")] | length")"
verdict "outer hop limit towards eer one lower than from ier (5 blocked packets missing)" \
	"{\"1\":$n_eer,\"missing\":5}" "$(hlim_deltas ier eer)"
verdict "srext: packets back from the VNF = packets to it - 5 blocked" 5 \
	"$(jq -r "$s | .packets_to_vnf - .packets_from_vnf" <<<"$SREXT_JSON")"
verdict "srext: no drops" 0 "$(jq -r "[$s.drops[]] | add" <<<"$SREXT_JSON")"
verdict "firewall blocked 5 datagrams" 5 \
	"$(nsx vnf1 nft -j list counter inet demo_fw blocked | jq -r '[.nftables[] | .counter? | select(.) | .packets] | first')"

say
if [ "$PROBLEMS" = 0 ]; then
	say "demo: everything worked."
	exit 0
fi
say "demo: $PROBLEMS check(s) failed."
exit 1
