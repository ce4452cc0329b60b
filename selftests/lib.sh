# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# lib.sh: helpers shared by the srext selftests (sourced, never run).
#
# KTAP output      ktap_header, ktap_plan N, ktap_ok, ktap_fail, ktap_skip,
#                  ktap_result, diag, ktap_skip_all, ktap_bail, ktap_finish
#                  (exit 0 all passed, 1 something failed, 4 all skipped)
# assertions       check_eq, check_cmd, check_fail, check_json, run_cmd
# namespaces       ns_create ROLE... makes "srx-ROLE-SUFFIX" (random SUFFIX
#                  per run) and records it in NS[ROLE]; nsx ROLE CMD runs
#                  CMD inside; cleanup (trap EXIT) deletes exactly these,
#                  kills the processes bg_start started and removes $TMPD
# processes        bg_start NAME ROLE CMD..., bg_wait NAME TIMEOUT,
#                  bg_stop NAME [SIGNAL]
# captures         cap_start NAME ROLE DEV [tcpdump args], cap_stop NAME...
#                  (decoded by pkt.py into $TMPD/NAME.json, one JSON object
#                  per IPv6 or IPv4 packet), cap_jq NAME PROGRAM,
#                  hlim_deltas, inner_hlim_deltas, cap_shapes, check_shapes
# traffic          ping_run, check_ping, udp_run, tcp_run, srv6_send
# srext            srext_require, srext_load, srconf, srext_json ROLE
# testbed          setup_testbed MODE NVNF: the NetSoft 2017 paper's testbed;
#                  testbed_ipv4, vnf_ipv4 N, vnf_ipv6_off N: its IPv4 side
#
# The testbed (addresses never leave the namespaces the test creates):
#
#   +-----+      +-----+  SR  +-----+  SR  +-----+      +------+
#   | src |------| ier |------| nfv |------| eer |------| sink |
#   +-----+      +-----+      +-----+      +-----+      +------+
#                              |   |
#                         +------+ +------+
#                         | vnf1 | | vnf2 | ...   (vnf1 to vnfNVNF)
#                         +------+ +------+
#
#   link          left side (ns:dev addr)      right side (ns:dev addr)
#   src-ier       src:to_ier  fd00:1::1/64     ier:to_src  fd00:1::2/64
#   ier-nfv       ier:to_nfv  fd00:12::1/64    nfv:to_ier  fd00:12::2/64
#   nfv-eer       nfv:to_eer  fd00:23::1/64    eer:to_nfv  fd00:23::2/64
#   eer-sink      eer:to_sink fd00:2::2/64     sink:to_eer fd00:2::1/64
#   nfv-vnf1      nfv:to_vnf1 fd00:f1::1/64    vnf1:to_nfv fd00:f1::2/64
#   nfv-vnf2      nfv:to_vnf2 fd00:f2::1/64    vnf2:to_nfv fd00:f2::2/64
#   nfv-vnfN      nfv:to_vnfN fd00:fN::1/64    vnfN:to_nfv fd00:fN::2/64
#   The two SR links (ier-nfv, nfv-eer) have MTU 1600, so a full-size inner
#   packet plus outer IPv6 header and SRH fits without fragmentation.
#
#   SID            node  behaviour                                 mode
#   fc00:2::f1     nfv   End.AD6 nh6 fd00:f1::2 oif/iif to_vnf1     srext
#   fc00:2::f2     nfv   End.AD6 nh6 fd00:f2::2 oif/iif to_vnf2     srext
#   fc00:2::f1     vnf1  seg6local End (SR-aware VNF)              seg6local
#   fc00:2::f2     vnf2  seg6local End (SR-aware VNF)              seg6local
#   fc00:e::d6     eer   seg6local End.DX6 nh6 fd00:2::1 to_sink    all
#
#   ier: fd00:2::/64 encap seg6 mode encap segs fc00:2::f1[,fc00:2::f2],
#        fc00:e::d6 via fd00:12::2; tunsrc fd00:12::1; fc00:2::/64 via nfv
#   nfv: fc00:e::/64 and fd00:2::/64 via eer, fd00:1::/64 via ier
#        (seg6local mode: fc00:2::fN/128 via fd00:fN::2)
#   eer: fd00:1::/64 via nfv; vnfN: default via fd00:fN::1; src and sink:
#        default via their router.  Routers forward, DAD is off everywhere.
#   Replies (sink to src) go back as plain IPv6 through nfv, untouched.
#
# IPv4 (testbed_ipv4, for the *4 behaviours; IPv4 routers forward):
#   link          left side                    right side
#   src-ier       src  10.0.1.1/24             ier  10.0.1.2/24
#   ier-nfv       ier  10.0.12.1/24            nfv  10.0.12.2/24
#   nfv-eer       nfv  10.0.23.1/24            eer  10.0.23.2/24
#   eer-sink      eer  10.0.2.2/24             sink 10.0.2.1/24
#   nfv-vnfN      nfv  10.0.24N.1/24           vnfN 10.0.24N.2/24 (vnf_ipv4 N)
#   fc00:e::d4    eer  seg6local End.DX4 nh4 10.0.2.1 to_sink
#   src, sink: default via their router; vnfN: default via 10.0.24N.1;
#   nfv: 10.0.1.0/24 via ier; eer: 10.0.1.0/24 via nfv (replies, plain
#   IPv4).  nfv has no route to 10.0.2.0/24: only srext carries IPv4 traffic
#   from a VNF onwards.  The ier's IPv4 chain is the test's own route
#   (10.0.2.0/24 encap seg6 ...).

LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SREXT_TOP=${SREXT_TOP:-$(cd "$LIB_DIR/.." && pwd)}
PKT_PY=$LIB_DIR/pkt.py
PYTHON=${PYTHON:-python3}
# How much slower than a Debian kernel under TCG this one is (the debug
# kernel: tools/check-debug.sh sets it): waits for the kernel scale by it.
TIME_SCALE=${SREXT_TIME_SCALE:-1}
case ":${PATH:-}:" in
*:/usr/sbin:*) ;;
*) PATH=${PATH:+$PATH:}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin ;;
esac
export PATH LC_ALL=C

readonly KSFT_PASS=0 KSFT_FAIL=1 KSFT_SKIP=4

# ---------------------------------------------------------------- KTAP ----

KTAP_N=0
KTAP_PASS=0
KTAP_FAIL=0
KTAP_SKIP=0
KTAP_PLAN=
KTAP_STARTED=0

ktap_header() {
	echo "TAP version 13"
	KTAP_STARTED=1
}

ktap_plan() {
	KTAP_PLAN=$1
	echo "1..$1"
}

# diag TEXT...: each line of TEXT as a "# " diagnostic line.
diag() {
	local line
	while IFS= read -r line; do
		echo "# $line"
	done <<<"$*"
}

# diag_file TITLE FILE: a file's content as diagnostics (at most 40 lines).
diag_file() {
	local title=$1 file=$2
	[ -s "$file" ] || return 0
	echo "# --- $title:"
	head -n 40 "$file" | sed 's/^/#   /'
}

ktap_ok() {
	KTAP_N=$((KTAP_N + 1))
	KTAP_PASS=$((KTAP_PASS + 1))
	echo "ok $KTAP_N - $*"
}

ktap_fail() {
	KTAP_N=$((KTAP_N + 1))
	KTAP_FAIL=$((KTAP_FAIL + 1))
	echo "not ok $KTAP_N - $*"
}

# ktap_skip DESC REASON
ktap_skip() {
	KTAP_N=$((KTAP_N + 1))
	KTAP_SKIP=$((KTAP_SKIP + 1))
	echo "ok $KTAP_N - $1 # SKIP $2"
}

# ktap_result RC DESC: ok when RC is 0.
ktap_result() {
	local rc=$1
	shift
	if [ "$rc" -eq 0 ]; then
		ktap_ok "$@"
	else
		ktap_fail "$@"
	fi
}

ktap_totals() {
	echo "# Totals: pass:$KTAP_PASS fail:$KTAP_FAIL xfail:0 xpass:0 skip:$KTAP_SKIP error:0"
}

# ktap_skip_all REASON: nothing of this test can run (something outside the
# project is missing).  Exits 4.
ktap_skip_all() {
	[ "$KTAP_STARTED" = 1 ] || ktap_header
	if [ -z "$KTAP_PLAN" ] && [ "$KTAP_N" = 0 ]; then
		echo "1..0 # SKIP $*"
	else
		while [ -n "$KTAP_PLAN" ] && [ "$KTAP_N" -lt "$KTAP_PLAN" ]; do
			ktap_skip "not run" "$*"
		done
		[ -n "$KTAP_PLAN" ] || echo "1..$KTAP_N"
	fi
	ktap_totals
	exit "$KSFT_SKIP"
}

# ktap_bail REASON: the test cannot go on (a failure).  Exits 1.
ktap_bail() {
	[ "$KTAP_STARTED" = 1 ] || ktap_header
	echo "Bail out! $*"
	ktap_totals
	exit "$KSFT_FAIL"
}

# ktap_finish: print the totals and exit 0 (all passed, some may have been
# skipped), 1 (a failure, or fewer/more results than planned) or 4 (all
# skipped).
ktap_finish() {
	local rc=$KSFT_PASS

	[ -n "$KTAP_PLAN" ] || echo "1..$KTAP_N"
	if [ -n "$KTAP_PLAN" ] && [ "$KTAP_N" != "$KTAP_PLAN" ]; then
		diag "planned $KTAP_PLAN results but produced $KTAP_N"
		rc=$KSFT_FAIL
	fi
	ktap_totals
	if [ "$KTAP_FAIL" -gt 0 ]; then
		rc=$KSFT_FAIL
	elif [ "$rc" = "$KSFT_PASS" ] && [ "$KTAP_N" -gt 0 ] &&
	     [ "$KTAP_SKIP" = "$KTAP_N" ]; then
		rc=$KSFT_SKIP
	fi
	exit "$rc"
}

# ---------------------------------------------------------- assertions ----

# check_eq DESC EXPECTED ACTUAL
check_eq() {
	if [ "$2" == "$3" ]; then
		ktap_ok "$1"
		return 0
	fi
	ktap_fail "$1"
	diag "expected: $2"
	diag "actual:   $3"
	return 1
}

# run_cmd CMD...: run CMD, leave its stdout, stderr and exit status in
# RUN_OUT, RUN_ERR and RUN_RC (trailing newlines stripped).
run_cmd() {
	"$@" >"$TMPD/run.out" 2>"$TMPD/run.err"
	RUN_RC=$?
	RUN_OUT=$(cat "$TMPD/run.out")
	RUN_ERR=$(cat "$TMPD/run.err")
	return "$RUN_RC"
}

# check_cmd DESC CMD...: ok when CMD exits 0; shows its output otherwise.
check_cmd() {
	local desc=$1
	shift
	if run_cmd "$@"; then
		ktap_ok "$desc"
		return 0
	fi
	ktap_fail "$desc"
	diag "command: $* (exit $RUN_RC)"
	[ -z "$RUN_OUT" ] || diag "stdout: $RUN_OUT"
	[ -z "$RUN_ERR" ] || diag "stderr: $RUN_ERR"
	return 1
}

# check_fail DESC CMD...: ok when CMD exits non-zero.
check_fail() {
	local desc=$1
	shift
	if ! run_cmd "$@"; then
		ktap_ok "$desc"
		return 0
	fi
	ktap_fail "$desc"
	diag "command: $* (exit 0, expected a failure)"
	[ -z "$RUN_OUT" ] || diag "stdout: $RUN_OUT"
	return 1
}

# check_json DESC JQ-EXPR EXPECTED: evaluate JQ-EXPR (jq -c, strings
# unquoted) on $SREXT_JSON (see srext_json) and compare.
check_json() {
	local actual
	actual=$(jq -c -r "$2" <<<"$SREXT_JSON" 2>&1)
	if ! check_eq "$1" "$3" "$actual"; then
		diag "jq: $2"
		diag "on: $(jq -c . <<<"$SREXT_JSON" 2>/dev/null || echo "$SREXT_JSON")"
		return 1
	fi
}

# require_cmd CMD...: skip the whole test if a tool is missing.
require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 ||
			ktap_skip_all "$c is not installed (needed by this test)"
	done
}

require_root() {
	[ "$(id -u)" = 0 ] || ktap_skip_all "needs root (network namespaces)"
}

# ---------------------------------------------------------- namespaces ----

declare -A NS=()
NS_CREATED=()
SUFFIX=$(printf '%04x%04x' "$RANDOM" "$RANDOM")
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/srext-selftest.XXXXXX") || exit "$KSFT_FAIL"
declare -A BG_PID=()
CLEANUP_HOOKS=()

# ns_create ROLE...: one namespace per ROLE, named srx-ROLE-SUFFIX, with lo
# up and DAD off (addresses usable at once).
ns_create() {
	local role name
	for role in "$@"; do
		name=srx-$role-$SUFFIX
		ip netns add "$name" || return 1
		NS_CREATED+=("$name")
		NS[$role]=$name
		ip -n "$name" link set lo up || return 1
		ip netns exec "$name" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0 || return 1
	done
}

# ns_router ROLE...: make ROLE an IPv6 router.
ns_router() {
	local role
	for role in "$@"; do
		ip netns exec "${NS[$role]}" sysctl -qw net.ipv6.conf.all.forwarding=1 || return 1
	done
}

# nsx ROLE CMD...: run CMD in ROLE's namespace.
nsx() {
	local role=$1
	shift
	ip netns exec "${NS[$role]}" "$@"
}

ns_exists() {
	[ -e "/run/netns/$1" ]
}

# mac_of ROLE DEV: the MAC address of ROLE's DEV. (Parsed by bash, not
# jq: under TCG starting jq costs a quarter of a second.)
mac_of() {
	local out
	out=$(ip -n "${NS[$1]}" -o link show dev "$2") || return 1
	[[ $out =~ link/ether\ ([0-9a-f:]{17}) ]] || return 1
	echo "${BASH_REMATCH[1]}"
}

# veth_add ROLE_A DEV_A ROLE_B DEV_B [MTU]: a veth pair between two
# namespaces, both ends up.  Nothing is created in the caller's namespace.
veth_add() {
	local a=$1 da=$2 b=$3 db=$4 mtu=${5:-}
	ip -n "${NS[$a]}" link add "$da" ${mtu:+mtu "$mtu"} type veth \
		peer name "$db" netns "${NS[$b]}" ${mtu:+mtu "$mtu"} || return 1
	ip -n "${NS[$a]}" link set "$da" up || return 1
	ip -n "${NS[$b]}" link set "$db" up
}

# addr_add ROLE DEV ADDR/LEN
addr_add() {
	ip -n "${NS[$1]}" -6 addr add "$3" dev "$2" nodad
}

# addr4_add ROLE DEV ADDR/LEN
addr4_add() {
	ip -n "${NS[$1]}" -4 addr add "$3" dev "$2"
}

# ns_router4 ROLE...: make ROLE an IPv4 router.
ns_router4() {
	local role
	for role in "$@"; do
		ip netns exec "${NS[$role]}" sysctl -qw net.ipv4.ip_forward=1 || return 1
	done
}

cleanup() {
	local name hook
	for hook in "${CLEANUP_HOOKS[@]}"; do
		$hook
	done
	for name in "${!BG_PID[@]}"; do
		bg_stop "$name" KILL
	done
	for name in "${NS_CREATED[@]}"; do
		ns_exists "$name" && ip netns del "$name"
	done
	[ -n "$TMPD" ] && rm -rf "$TMPD"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# ----------------------------------------------------------- processes ----

# pid_alive PID: the process exists and is not a zombie.
pid_alive() {
	local stat
	{ read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
	stat=${stat##*) }
	[ "${stat%% *}" != Z ]
}

# bg_start NAME ROLE CMD...: run CMD in ROLE's namespace in the background,
# stdout in $TMPD/NAME.out, stderr in $TMPD/NAME.err.  ROLE "-" runs it in
# the test's own namespace.  Its PID is BG_PID[NAME] (ip netns exec execs
# the command, so it is the command's own PID).
bg_start() {
	local name=$1 role=$2
	shift 2
	if [ "$role" = - ]; then
		"$@" >"$TMPD/$name.out" 2>"$TMPD/$name.err" </dev/null &
	else
		ip netns exec "${NS[$role]}" "$@" \
			>"$TMPD/$name.out" 2>"$TMPD/$name.err" </dev/null &
	fi
	BG_PID[$name]=$!
}

# bg_wait NAME TIMEOUT: wait up to TIMEOUT seconds for NAME to exit by
# itself.  Returns its exit status, or 124 (and kills it) on timeout.
bg_wait() {
	local name=$1 timeout=$2 pid=${BG_PID[$1]} i rc
	for ((i = 0; i < timeout * 10; i++)); do
		pid_alive "$pid" || break
		sleep 0.1
	done
	if pid_alive "$pid"; then
		bg_stop "$name" KILL
		return 124
	fi
	wait "$pid"
	rc=$?
	unset "BG_PID[$name]"
	return "$rc"
}

# bg_stop NAME [SIGNAL]: send SIGNAL (TERM) to NAME, wait up to 10 s for it,
# then SIGKILL.  Returns its exit status.
bg_stop() {
	local name=$1 sig=${2:-TERM} pid=${BG_PID[$1]} i rc
	[ -n "$pid" ] || return 0
	kill -s "$sig" "$pid" 2>/dev/null
	for ((i = 0; i < 100; i++)); do
		pid_alive "$pid" || break
		sleep 0.1
	done
	pid_alive "$pid" && kill -s KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rc=$?
	unset "BG_PID[$name]"
	return "$rc"
}

# wait_for_line FILE REGEX TIMEOUT: wait until FILE has a line matching REGEX.
wait_for_line() {
	local file=$1 re=$2 timeout=$3 i
	for ((i = 0; i < timeout * 10; i++)); do
		grep -qE -- "$re" "$file" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# ------------------------------------------------------------ captures ----

# cap_start NAME ROLE DEV [TCPDUMP-ARGS...]: capture on DEV in ROLE's
# namespace into $TMPD/NAME.pcap; returns once tcpdump is listening.
# Pass "-Q in" or "-Q out" to keep one direction.
cap_start() {
	local name=$1 role=$2 dev=$3
	shift 3
	bg_start "cap-$name" "$role" tcpdump -i "$dev" -n -U --immediate-mode \
		-Z root -s 256 -w "$TMPD/$name.pcap" "$@"
	if ! wait_for_line "$TMPD/cap-$name.err" "listening on" 20; then
		diag "tcpdump on $role:$dev did not start"
		diag_file "tcpdump stderr" "$TMPD/cap-$name.err"
		bg_stop "cap-$name" KILL
		return 1
	fi
}

# cap_stop NAME...: stop the captures (SIGINT, so tcpdump flushes) and
# decode each into $TMPD/NAME.json.  Warns if the kernel dropped packets.
cap_stop() {
	local name files=() dropped
	for name in "$@"; do
		kill -INT "${BG_PID[cap-$name]}" 2>/dev/null
	done
	for name in "$@"; do
		bg_stop "cap-$name" INT
		dropped=$(sed -n 's/^\([0-9]*\) packets\{0,1\} dropped by kernel$/\1/p' \
			"$TMPD/cap-$name.err")
		[ "${dropped:-0}" = 0 ] ||
			diag "capture $name: $dropped packets dropped by the kernel"
		files+=("$TMPD/$name.pcap")
	done
	for name in "$@"; do
		"$PYTHON" "$PKT_PY" pcap "$TMPD/$name.pcap" >"$TMPD/$name.json" ||
			{ diag "cannot decode capture $name"; return 1; }
	done
}

# cap_jq NAME PROGRAM: run a jq PROGRAM on the array of the packets of
# capture NAME (jq -c, strings unquoted).
cap_jq() {
	jq -c -r -s "$2" "$TMPD/$1.json"
}

# The traffic the tests send (ping requests and test datagrams/segments
# towards the sink), as a jq filter on pkt.py objects.
JQ_DATA='select(.control == false and .key != null and (.l4 == "udp" or .l4 == "tcp" or (.l4 == "icmp6" and .icmp_type == 128) or (.l4 == "icmp" and .icmp_type == 8)))'

# hlim_deltas FROM TO: for each test packet seen in both captures (same
# key), the outer hop limit in FROM minus the one in TO, as a histogram
# {"DELTA": COUNT}, plus "missing" for packets of FROM absent from TO.
hlim_deltas() {
	jq -n -c --slurpfile a "$TMPD/$1.json" --slurpfile b "$TMPD/$2.json" "
		([\$b[] | $JQ_DATA] | INDEX(.key)) as \$ib
		| [\$a[] | $JQ_DATA
		   | if \$ib[.key] then (.hlim - \$ib[.key].hlim | tostring)
		     else \"missing\" end]
		| group_by(.) | map({(.[0]): length}) | add // {}"
}

# inner_hlim_deltas FROM TO: as hlim_deltas, for the hop limit (IPv6) or
# TTL (IPv4) of the innermost IP header (the encapsulated packet when there
# is one, else the packet itself).
inner_hlim_deltas() {
	jq -n -c --slurpfile a "$TMPD/$1.json" --slurpfile b "$TMPD/$2.json" "
		([\$b[] | $JQ_DATA] | INDEX(.key)) as \$ib
		| [\$a[] | $JQ_DATA
		   | if \$ib[.key] then ((.inner // .).hlim - (\$ib[.key].inner // \$ib[.key]).hlim | tostring)
		     else \"missing\" end]
		| group_by(.) | map({(.[0]): length}) | add // {}"
}

# The shape of each test packet: addresses, extension headers, SRH, inner
# addresses, transport.
JQ_SHAPE='{src, dst, exts, l4,
	rh: (if .rh then {type: .rh.type, sl: .rh.sl, segs: .rh.segs} else null end),
	inner: (if .inner then {src: .inner.src, dst: .inner.dst} else null end)}'

# cap_shapes NAME: the distinct shapes of the test packets of capture NAME,
# each with the number "n" of packets that have it (sorted, compact JSON).
cap_shapes() {
	cap_jq "$1" "[.[] | $JQ_DATA | $JQ_SHAPE] | group_by(.)
		| map(.[0] + {n: length}) | sort" | jq -S -c .
}

# check_shapes DESC NAME EXPECTED: EXPECTED is a JSON array of shapes with
# counts (any key order); see cap_shapes.
check_shapes() {
	check_eq "$1" "$(jq -S -c sort <<<"$3")" "$(cap_shapes "$2")"
}

# shape SRC DST L4 N [SL SEGS INNER_SRC INNER_DST]: one expected shape
# (SEGS comma separated, in SRH order); without SL a plain packet.  L4 is
# icmp6, icmp (ICMPv4), udp or tcp; INNER_* may be IPv4 addresses; INNER_SRC
# "-" (no INNER_DST): an SRH but no encapsulated packet (SRH insertion).
shape() {
	if [ $# -le 4 ]; then
		printf '{"src":"%s","dst":"%s","l4":"%s","n":%s,"exts":[],"rh":null,"inner":null}' \
			"$1" "$2" "$3" "$4"
	elif [ "$7" = - ]; then
		printf '{"src":"%s","dst":"%s","l4":"%s","n":%s,"exts":[43],"rh":{"type":4,"sl":%s,"segs":%s},"inner":null}' \
			"$1" "$2" "$3" "$4" "$5" "$(jq -c -R 'split(",")' <<<"$6")"
	else
		printf '{"src":"%s","dst":"%s","l4":"%s","n":%s,"exts":[43],"rh":{"type":4,"sl":%s,"segs":%s},"inner":{"src":"%s","dst":"%s"}}' \
			"$1" "$2" "$3" "$4" "$5" "$(jq -c -R 'split(",")' <<<"$6")" "$7" "$8"
	fi
}

# ------------------------------------------------------------- traffic ----

# ping_run ROLE DST COUNT [INTERVAL]: send exactly COUNT echo requests and
# print how many replies came back.  Output in $TMPD/ping.out.  A ping that
# did not send its COUNT requests (no route, no such command, a bad
# address) prints what it said instead of a number, so that a check for 0
# replies cannot pass on a ping that never ran.
ping_run() {
	local role=$1 dst=$2 count=$3 interval=${4:-0.1}
	nsx "$role" ping -n -c "$count" -i "$interval" -W 5 "$dst" \
		>"$TMPD/ping.out" 2>&1
	sed -n "s/^$count packets transmitted, \([0-9]*\) \(packets \)\{0,1\}received.*/\1/p" \
		"$TMPD/ping.out" | grep . ||
		echo "ping did not send $count requests: $(tail -n 1 "$TMPD/ping.out")"
}

# check_ping DESC ROLE DST COUNT [EXPECTED]: EXPECTED (COUNT) replies.
check_ping() {
	local got
	got=$(ping_run "$2" "$3" "$4")
	check_eq "$1" "${5:-$4}" "$got" || diag_file "ping output" "$TMPD/ping.out"
}

# udp_run NAME SRC_ROLE DST_ROLE DST PORTSPEC EXPECT [SIZE]: receiver on
# DST_ROLE listening on the ports of PORTSPEC (PORT:COUNT,...), sender on
# SRC_ROLE; the receiver stops once EXPECT datagrams arrived (+1 s) or
# after 40 s.  Sets UDP_SENT and UDP_RECV (JSON; see pkt.py).
udp_run() {
	local name=$1 src=$2 dst_role=$3 dst=$4 spec=$5 expect=$6 size=${7:-64}
	local ports
	ports=$(tr ',' '\n' <<<"$spec" | cut -d: -f1 | paste -sd, -)
	UDP_SENT='' UDP_RECV=''
	bg_start "$name-rx" "$dst_role" "$PYTHON" "$PKT_PY" udp-recv \
		--ports "$ports" --count "$expect" --size "$size" --linger 1 --timeout 40
	if ! wait_for_line "$TMPD/$name-rx.out" '^ready$' 20; then
		diag_file "udp receiver" "$TMPD/$name-rx.err"
		bg_stop "$name-rx"
		return 1
	fi
	UDP_SENT=$(nsx "$src" "$PYTHON" "$PKT_PY" udp-send --dst "$dst" \
		--ports "$spec" --size "$size" --interval 0.01 2>"$TMPD/$name-tx.err")
	bg_wait "$name-rx" 45
	UDP_RECV=$(tail -n 1 "$TMPD/$name-rx.out")
	[ -n "$UDP_SENT" ] || diag_file "udp sender" "$TMPD/$name-tx.err"
	diag "udp sent $UDP_SENT received $UDP_RECV"
}

# udp_got PORT [FIELD]: FIELD (packets) of PORT in UDP_RECV.
udp_got() {
	jq -r --arg p "$1" ".[\$p].${2:-packets} // \"none\"" <<<"${UDP_RECV:-{\}}"
}

# check_udp_delivery: $DGRAMS datagrams from src to sink port 5000; one
# result: all arrive, distinct, undamaged.
check_udp_delivery() {
	udp_run udp src sink fd00:2::1 "5000:$DGRAMS" "$DGRAMS"
	check_eq "UDP: $DGRAMS distinct datagrams arrive, none damaged" \
		"$DGRAMS $DGRAMS 0" "$(udp_got 5000) $(udp_got 5000 unique) $(udp_got 5000 bad)"
}

# tcp_run NAME SRC_ROLE DST_ROLE DST PORT BYTES: one TCP transfer; sets
# TCP_SENT and TCP_RECV ({"bytes":N,"sha256":"..."}).
tcp_run() {
	local name=$1 src=$2 dst_role=$3 dst=$4 port=$5 bytes=$6
	TCP_SENT='' TCP_RECV=''
	bg_start "$name-rx" "$dst_role" "$PYTHON" "$PKT_PY" tcp-recv \
		--port "$port" --timeout 40
	if ! wait_for_line "$TMPD/$name-rx.out" '^ready$' 20; then
		diag_file "tcp receiver" "$TMPD/$name-rx.err"
		bg_stop "$name-rx"
		return 1
	fi
	TCP_SENT=$(nsx "$src" "$PYTHON" "$PKT_PY" tcp-send --dst "$dst" \
		--port "$port" --bytes "$bytes" --timeout 40 2>"$TMPD/$name-tx.err")
	bg_wait "$name-rx" 45
	TCP_RECV=$(tail -n 1 "$TMPD/$name-rx.out")
	[ -n "$TCP_SENT" ] || diag_file "tcp sender" "$TMPD/$name-tx.err"
	diag "tcp sent $TCP_SENT received $TCP_RECV"
}

# check_tcp DESC BYTES: the last tcp_run moved BYTES bytes and the receiver
# got exactly what the sender sent (length and SHA-256). A sender that
# reported nothing, or another length, fails.
check_tcp() {
	local want got
	want=$(jq -c -S --argjson n "$2" 'select(.bytes == $n)' <<<"${TCP_SENT:-}" 2>/dev/null)
	got=$(jq -c -S . <<<"${TCP_RECV:-}" 2>/dev/null)
	if [ -z "$want" ]; then
		ktap_fail "$1"
		diag "the sender did not report $2 bytes sent: ${TCP_SENT:-nothing}"
		return 1
	fi
	check_eq "$1" "$want" "$got"
}

# srv6_send ROLE DEV PEER_ROLE PEER_DEV [--gap S] SPEC...: send hand-made
# SRv6 packets (pkt.py srv6-send SPECs) as Ethernet frames from ROLE's DEV
# to PEER_ROLE's PEER_DEV (its MAC address), bypassing ROLE's routing.
srv6_send() {
	local role=$1 dev=$2 peer=$3 pdev=$4 smac dmac
	shift 4
	smac=$(mac_of "$role" "$dev") && dmac=$(mac_of "$peer" "$pdev") ||
		return 1
	nsx "$role" "$PYTHON" "$PKT_PY" srv6-send --ifname "$dev" \
		--smac "$smac" --dmac "$dmac" "$@" >/dev/null
}

# genl_results: read genl.py's PASS/FAIL lines on stdin, one KTAP result
# each; other lines become diagnostics.
genl_results() {
	local line
	while IFS= read -r line; do
		case $line in
		PASS\ *) ktap_ok "${line#PASS }" ;;
		FAIL\ *) ktap_fail "${line#FAIL }" ;;
		*) diag "$line" ;;
		esac
	done
}

# --------------------------------------------------------------- srext ----

srconf() {
	"$SRCONF" "$@"
}

# srext_require: this test needs srext.ko and srconf.  Outside the test VM
# ($KVER unset) that is a skip; inside it a missing module or srconf is a
# failure of the build.
srext_require() {
	if [ -z "${KVER:-}" ]; then
		ktap_skip_all "not inside the srext test VM (KVER unset): srext.ko is loaded only in a guest booted by tools/vm/run (make check)"
	fi
	[ -n "${SREXT_KO:-}" ] && [ -f "$SREXT_KO" ] ||
		ktap_bail "srext.ko not found (SREXT_KO='${SREXT_KO:-}') for kernel $KVER"
	[ -n "${SRCONF:-}" ] && [ -x "$SRCONF" ] ||
		ktap_bail "srconf not found or not executable (SRCONF='${SRCONF:-}')"
}

srext_loaded() {
	[ -d /sys/module/srext ]
}

# srext_load: insmod $SREXT_KO unless srext is loaded already.
srext_load() {
	srext_loaded && return 0
	insmod "$SREXT_KO" || ktap_bail "insmod $SREXT_KO failed"
}

# srext_json ROLE [SID]: SREXT_JSON := srconf -j -s sid show in ROLE's ns.
srext_json() {
	SREXT_JSON=$(srconf -j -s -n "${NS[$1]}" sid show ${2:+"$2"} 2>&1) ||
		diag "srconf -j -s sid show failed: $SREXT_JSON"
}

SREXT_DROP_REASONS='["bad_ext","bad_hmac","bad_inner","bad_srh","hop_limit","no_cache","no_mem","no_route","no_srh","sl_zero","too_big"]'

# check_sid_stats DESC_PREFIX SID TO FROM BYTES_TO BYTES_FROM CACHE: the
# counters of SID in $SREXT_JSON, every drop reason present and zero.
check_sid_stats() {
	local p=$1 sid=$2 s
	s=".[] | select(.sid == \"$sid\") | .stats"
	check_json "$p: packets_to_vnf" "$s.packets_to_vnf" "$3"
	check_json "$p: packets_from_vnf" "$s.packets_from_vnf" "$4"
	check_json "$p: bytes_to_vnf" "$s.bytes_to_vnf" "$5"
	check_json "$p: bytes_from_vnf" "$s.bytes_from_vnf" "$6"
	check_json "$p: cache_updates" "$s.cache_updates" "$7"
	check_json "$p: every drop reason reported" "$s.drops | keys" "$SREXT_DROP_REASONS"
	check_json "$p: no drops" "[$s.drops[]] | add" 0
}

# ------------------------------------------------------------- testbed ----

# setup_testbed MODE NVNF: build the testbed drawn at the top of this file.
# MODE: srext (End.AD6 SIDs on nfv through srconf), seg6local (SR-aware
# VNFs: the kernel's End in vnfN), none (no VNF SID configured anywhere).
# NVNF: 1 to 9.  Sets SEGS (the ier's segment list).
setup_testbed() {
	local mode=$1 nvnf=${2:-1} i roles=(src ier nfv eer sink)
	for ((i = 1; i <= nvnf; i++)); do
		roles+=("vnf$i")
	done
	ns_create "${roles[@]}" || return 1
	ns_router ier nfv eer || return 1
	for ((i = 1; i <= nvnf; i++)); do
		ns_router "vnf$i" || return 1
	done

	veth_add src to_ier ier to_src &&
	veth_add ier to_nfv nfv to_ier 1600 &&
	veth_add nfv to_eer eer to_nfv 1600 &&
	veth_add eer to_sink sink to_eer || return 1
	addr_add src to_ier fd00:1::1/64 &&
	addr_add ier to_src fd00:1::2/64 &&
	addr_add ier to_nfv fd00:12::1/64 &&
	addr_add nfv to_ier fd00:12::2/64 &&
	addr_add nfv to_eer fd00:23::1/64 &&
	addr_add eer to_nfv fd00:23::2/64 &&
	addr_add eer to_sink fd00:2::2/64 &&
	addr_add sink to_eer fd00:2::1/64 || return 1

	SEGS=
	for ((i = 1; i <= nvnf; i++)); do
		veth_add nfv "to_vnf$i" "vnf$i" to_nfv &&
		addr_add nfv "to_vnf$i" "fd00:f$i::1/64" &&
		addr_add "vnf$i" to_nfv "fd00:f$i::2/64" &&
		ip -n "${NS[vnf$i]}" -6 route add default via "fd00:f$i::1" || return 1
		SEGS+=fc00:2::f$i,
	done
	SEGS+=fc00:e::d6

	ip -n "${NS[src]}" -6 route add default via fd00:1::2 &&
	ip -n "${NS[sink]}" -6 route add default via fd00:2::2 &&
	ip -n "${NS[ier]}" sr tunsrc set fd00:12::1 &&
	ip -n "${NS[ier]}" -6 route add fc00:2::/64 via fd00:12::2 dev to_nfv &&
	ip -n "${NS[ier]}" -6 route add fd00:2::/64 encap seg6 mode encap \
		segs "$SEGS" via fd00:12::2 dev to_nfv &&
	ip -n "${NS[nfv]}" -6 route add fc00:e::/64 via fd00:23::2 dev to_eer &&
	ip -n "${NS[nfv]}" -6 route add fd00:2::/64 via fd00:23::2 dev to_eer &&
	ip -n "${NS[nfv]}" -6 route add fd00:1::/64 via fd00:12::1 dev to_ier &&
	ip -n "${NS[eer]}" -6 route add fd00:1::/64 via fd00:23::1 dev to_nfv &&
	ip -n "${NS[eer]}" -6 route add fc00:e::d6/128 encap seg6local \
		action End.DX6 nh6 fd00:2::1 count dev to_sink || return 1

	for ((i = 1; i <= nvnf; i++)); do
		case $mode in
		srext)
			testbed_add_sid "$i" || return 1
			;;
		seg6local)
			ip -n "${NS[nfv]}" -6 route add "fc00:2::f$i/128" \
				via "fd00:f$i::2" dev "to_vnf$i" &&
			ip -n "${NS[vnf$i]}" -6 route add "fc00:2::f$i/128" \
				encap seg6local action End count dev to_nfv || return 1
			;;
		none) ;;
		*)
			diag "setup_testbed: unknown mode $mode"
			return 1
			;;
		esac
	done
}

# testbed_add_sid N: the End.AD6 SID fc00:2::fN of vnfN on nfv.
testbed_add_sid() {
	srconf -n "${NS[nfv]}" sid add "fc00:2::f$1" behavior end.ad6 \
		nh6 "fd00:f$1::2" oif "to_vnf$1" iif "to_vnf$1"
}

# testbed_ipv4: the IPv4 side of the testbed (see the top of this file):
# addresses, forwarding, the replies' routes and End.DX4 fc00:e::d4 at eer.
# Call after setup_testbed.
testbed_ipv4() {
	ns_router4 ier nfv eer || return 1
	addr4_add src to_ier 10.0.1.1/24 &&
	addr4_add ier to_src 10.0.1.2/24 &&
	addr4_add ier to_nfv 10.0.12.1/24 &&
	addr4_add nfv to_ier 10.0.12.2/24 &&
	addr4_add nfv to_eer 10.0.23.1/24 &&
	addr4_add eer to_nfv 10.0.23.2/24 &&
	addr4_add eer to_sink 10.0.2.2/24 &&
	addr4_add sink to_eer 10.0.2.1/24 || return 1
	ip -n "${NS[src]}" -4 route add default via 10.0.1.2 &&
	ip -n "${NS[sink]}" -4 route add default via 10.0.2.2 &&
	ip -n "${NS[nfv]}" -4 route add 10.0.1.0/24 via 10.0.12.1 dev to_ier &&
	ip -n "${NS[eer]}" -4 route add 10.0.1.0/24 via 10.0.23.1 dev to_nfv &&
	ip -n "${NS[eer]}" -6 route add fc00:e::d4/128 encap seg6local \
		action End.DX4 nh4 10.0.2.1 count dev to_sink
}

# vnf_ipv4 N: IPv4 on the nfv-vnfN link, vnfN an IPv4 router whose default
# route points back at nfv.
vnf_ipv4() {
	local n=$1
	ns_router4 "vnf$n" &&
	addr4_add nfv "to_vnf$n" "10.0.24$n.1/24" &&
	addr4_add "vnf$n" to_nfv "10.0.24$n.2/24" &&
	ip -n "${NS[vnf$n]}" -4 route add default via "10.0.24$n.1"
}

# vnf_ipv6_off N: no IPv6 at all in vnfN (no address, not even link-local
# or ::1, no route): an IPv4-only VNF.
vnf_ipv6_off() {
	nsx "vnf$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
}

# seg6local_packets ROLE PREFIX: the packet counter of a seg6local route
# configured with "count".
seg6local_packets() {
	ip -n "${NS[$1]}" -s -j -6 route show "$2" |
		jq -r '.[0].encap_stats.packets // .[0].stats64.packets // "none"' 2>/dev/null
}

# kernel_log_since MARK: kernel messages logged after the MARK line that
# kernel_log_mark wrote.
kernel_log_mark() {
	echo "srext-selftest: $1" >/dev/kmsg 2>/dev/null
}

kernel_log_since() {
	dmesg 2>/dev/null | awk -v m="srext-selftest: $1" 'f; index($0, m) { f = 1 }'
}

# check_kernel_log DESC MARK: no WARNING, BUG, Oops, splat or stuck
# unregister_netdevice since MARK.
check_kernel_log() {
	local bad
	if ! dmesg 2>/dev/null | grep -qF "srext-selftest: $2"; then
		ktap_fail "$1"
		diag "mark \"srext-selftest: $2\" not found in the kernel log (dmesg)"
		return 1
	fi
	bad=$(kernel_log_since "$2" | grep -E 'WARNING:|BUG:|Oops|general protection|unregister_netdevice: waiting|refcount_t:|KASAN|UBSAN|kernel BUG|RCU stall|rcu_sched detected|rcu_.* (self-)?detected (expedited )?stall|soft lockup|hung_task|list_(add|del) corruption')
	if [ -z "$bad" ]; then
		ktap_ok "$1"
		return 0
	fi
	ktap_fail "$1"
	diag "$bad"
	return 1
}
