#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Structure-aware packet fuzzing (pkt.py srv6-fuzz): mutants of valid
# packets, towards each behaviour's SID and back on each IFACE-IN as a VNF
# would send them, and every one must be either handed on or counted under
# a drop reason (the runner fails the test on any WARNING, BUG, Oops or
# leak report in the kernel log).
#
#   +-----+      +-----+  SR  +-----+
#   | ier |------| nfv |------| eer |      ier sends the mutants straight
#   +-----+      +-----+      +-----+      onto the link (packet socket);
#   fd00:12::1   fd00:12::2                 each vnfN sends its own on its
#                 | | | | |                 link to nfv. The VNFs forward
#          to_vnf1 .. to_vnf5               nothing (a blackhole each), so
#             vnf1 .. vnf5                  nothing comes back on its own.
#
#   SID          behaviour
#   fc00:2::f1   End.AD6 nh6 fd00:f1::2 oif/iif to_vnf1
#   fc00:2::f2   End.AD6 nh6 fd00:f2::2 oif/iif to_vnf2 cache flow max 256
#   fc00:2::4    End.AD4 nh4 10.0.243.2 oif/iif to_vnf3
#   fc00:2::a6   End.AS6 nh6 fd00:f4::2 oif/iif to_vnf4 src fd00:23::1
#                segs fc00:e::d6
#   fc00:2::a1   End.AM nh6 fd00:f5::2 oif/iif to_vnf5
#   HMAC key 7 (sha256) set on nfv, so that some HMAC TLVs are right.
#
# Mutations towards the SIDs: Segments Left, Last Entry, Hdr Ext Len,
# routing type, flags and tag; PadN and HMAC TLVs (right and wrong);
# Hop-by-Hop, Destination Options and SRHs in any order and number; the
# wrong inner family or none; trailers, bad inner checksums, truncations;
# hop limits 0, 1, 2, 255; byte flips, mostly in the headers. The outer
# IPv6 length is always right, so that every mutant reaches srext; those
# srext may give to the defragmenter (a Fragment header where it looks for
# the inner packet) count once reassembled or refused, never while held:
# each of them allows one more or one less.
# Back on IFACE-IN: IPv6 packets of any next header and size, with an SRH
# now and then (always for End.AM), mutated; IPv4 ones for End.AD4.
#
# Asserts, per SID: towards it, packets_to_vnf + drops = the mutants sent
# to it (give or take those); back from its VNF, packets_from_vnf + the new drops = the mutants
# sent on its IFACE-IN. PACKET_FUZZ_COUNT (default 20000 towards the SIDs,
# half as many back) and PACKET_FUZZ_SEED (printed) choose the run.
#
# The mutants are generated first (pkt.py srv6-fuzz --out), then sent.
# PACKET_FUZZ_CORPUS=DIR sends those made beforehand, at native speed, by
# "packet_fuzz_test.sh --make-corpus DIR" on the host with the same
# PACKET_FUZZ_COUNT and PACKET_FUZZ_SEED (tools/check-debug.sh does).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

COUNT=${PACKET_FUZZ_COUNT:-20000}
SEED=${PACKET_FUZZ_SEED:-$((RANDOM * 32768 + RANDOM))}
SIDS="fc00:2::f1=ad6,fc00:2::f2=ad6,fc00:2::4=ad4,fc00:2::a6=as6,fc00:2::a1=am"

# make_corpus DIR: this run's mutants in DIR: towards.bin (to the SIDs),
# replyN.bin (vnfN's, seed SEED + N), each with its .json summary, and
# "run" (SEED COUNT).
make_corpus() {
	local dir=$1 i=0 spec
	mkdir -p "$dir" &&
		"$PYTHON" "$PKT_PY" srv6-fuzz --seed "$SEED" --count "$COUNT" \
			--sids "$SIDS" --out "$dir/towards.bin" >/dev/null || return 1
	for spec in ${SIDS//,/ }; do
		i=$((i + 1))
		"$PYTHON" "$PKT_PY" srv6-fuzz --reply --seed "$((SEED + i))" \
			--count "$((COUNT / 10))" --sids "$spec" \
			--out "$dir/reply$i.bin" >/dev/null || return 1
	done
	echo "$SEED $COUNT" >"$dir/run"
}

if [ "${1:-}" = --make-corpus ]; then
	if [ -z "${2:-}" ] || [ -z "${PACKET_FUZZ_SEED:-}" ]; then
		echo "usage: PACKET_FUZZ_SEED=N [PACKET_FUZZ_COUNT=N] $0 --make-corpus DIR" >&2
		exit 2
	fi
	make_corpus "$2"
	exit
fi

ktap_header
require_root
srext_require
require_cmd ip jq "$PYTHON"
ktap_plan 12

srext_load
diag "seed $SEED, $COUNT mutants towards the SIDs, $((COUNT / 2)) back"
CORPUS=${PACKET_FUZZ_CORPUS:-$TMPD/corpus}
if [ -z "${PACKET_FUZZ_CORPUS:-}" ]; then
	make_corpus "$CORPUS" || ktap_bail "cannot generate the mutants"
elif [ "$(cat "$CORPUS/run" 2>&1)" != "$SEED $COUNT" ]; then
	ktap_bail "$CORPUS holds the mutants of \"$(cat "$CORPUS/run" 2>&1)\", not of seed $SEED count $COUNT"
fi
setup_testbed none 5 || ktap_bail "cannot build the testbed"
vnf_ipv4 3 || ktap_bail "cannot give vnf3 IPv4"
for i in 1 2 3 4 5; do
	nsx "vnf$i" sysctl -qw net.ipv6.conf.all.forwarding=0 net.ipv4.ip_forward=0 ||
		ktap_bail "cannot make vnf$i a blackhole"
done
srconf -n "${NS[nfv]}" -b - <<'EOB' || ktap_bail "cannot add the SIDs"
sid add fc00:2::f1 behavior end.ad6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1
sid add fc00:2::f2 behavior end.ad6 nh6 fd00:f2::2 oif to_vnf2 iif to_vnf2 cache flow max 256
sid add fc00:2::4 behavior end.ad4 nh4 10.0.243.2 oif to_vnf3 iif to_vnf3
sid add fc00:2::a6 behavior end.as6 nh6 fd00:f4::2 oif to_vnf4 iif to_vnf4 src fd00:23::1 segs fc00:e::d6
sid add fc00:2::a1 behavior end.am nh6 fd00:f5::2 oif to_vnf5 iif to_vnf5
EOB
printf 'x' | ip netns exec "${NS[nfv]}" ip sr hmac set 7 sha256 >/dev/null 2>&1 ||
	ktap_bail "cannot set HMAC key 7"

# sid_total SID: packets to + from the VNF + every drop, from $SREXT_JSON.
sid_total() {
	jq -r --arg s "$1" '.[] | select(.sid == $s) | .stats |
		.packets_to_vnf + .packets_from_vnf + ([.drops[]] | add)' <<<"$SREXT_JSON"
}

# ---------------------------------------------------- towards the SIDs ----
srext_json nfv
declare -A before
for s in fc00:2::f1 fc00:2::f2 fc00:2::4 fc00:2::a6 fc00:2::a1; do
	before[$s]=$(sid_total "$s")
done
t0=$EPOCHSECONDS
out=$(nsx ier "$PYTHON" "$PKT_PY" srv6-fuzz --ifname to_nfv \
	--smac "$(mac_of ier to_nfv)" --dmac "$(mac_of nfv to_ier)" \
	--corpus "$CORPUS/towards.bin" 2>"$TMPD/fuzz.err")
check_eq "$COUNT mutants sent towards the five SIDs" "$COUNT" \
	"$(jq -r .sent <<<"$out" 2>&1)" || diag_file "sender" "$TMPD/fuzz.err"
diag "towards the SIDs, in $((EPOCHSECONDS - t0)) s: $out"
sleep 2
srext_json nfv
for s in fc00:2::f1 fc00:2::f2 fc00:2::4 fc00:2::a6 fc00:2::a1; do
	n=$(jq -r --arg s "$s" '.counted[$s]' <<<"$out")
	h=$(jq -r --arg s "$s" '.held[$s]' <<<"$out")
	got=$(($(sid_total "$s") - before[$s]))
	check_eq "$s: to the VNF + drops = the $n mutants sent to it (+ up to $h given to the defragmenter)" \
		yes "$([ "$got" -ge "${n:-x}" ] && [ "$got" -le $((n + h)) ] && echo yes || echo "no: $got")"
	before[$s]=$(sid_total "$s")
done

# ------------------------------------------------- back on IFACE-IN ----
i=0
total=0
t0=$EPOCHSECONDS
declare -A sent_back
for spec in ${SIDS//,/ }; do
	i=$((i + 1))
	o=$(nsx "vnf$i" "$PYTHON" "$PKT_PY" srv6-fuzz --ifname to_nfv \
		--smac "$(mac_of "vnf$i" to_nfv)" --dmac "$(mac_of nfv "to_vnf$i")" \
		--corpus "$CORPUS/reply$i.bin" 2>>"$TMPD/fuzz.err")
	sent_back[${spec%=*}]=$(jq -r --arg s "${spec%=*}" '.counted[$s]' <<<"$o" 2>/dev/null)
	total=$((total + $(jq -r .sent <<<"$o" 2>/dev/null || echo 0)))
done
check_eq "$((5 * (COUNT / 10))) mutants sent back on the five IFACE-INs" "$((5 * (COUNT / 10)))" "$total" ||
	diag_file "sender" "$TMPD/fuzz.err"
diag "back on the IFACE-INs: $total in $((EPOCHSECONDS - t0)) s"
sleep 2
srext_json nfv
for s in fc00:2::f1 fc00:2::f2 fc00:2::4 fc00:2::a6 fc00:2::a1; do
	check_eq "$s: from the VNF + drops = the mutants sent on its IFACE-IN" \
		"${sent_back[$s]}" "$(($(sid_total "$s") - before[$s]))"
done
diag "$(jq -c '[.[] | {sid, to: .stats.packets_to_vnf, from: .stats.packets_from_vnf, drops: (.stats.drops | with_entries(select(.value > 0)))}]' <<<"$SREXT_JSON")"

ktap_finish
