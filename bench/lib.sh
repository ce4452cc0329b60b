# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034 # what it sets, bench/guest.sh reads
#
# bench/lib.sh: the benchmark's testbed, scenarios and measurements, inside
# the guest that bench/run boots (sourced by bench/guest.sh after
# selftests/lib.sh, whose testbed it builds on: see the drawing there).
#
# vCPUs (bench/README.md, "Isolation"): the guest has two, and bench/run
# pins each on a host CPU of its own.
#   cpu0  the testbed: pktgen's kpktgend_0 in src, the edge routers ier and
#         eer (RPS on eer's interface from nfv)
#   cpu1  the NFV node: everything nfv and vnf1 do (RPS on nfv's interface
#         from ier), capped by bench/run (BENCH_NFV_QUOTA)
# The generator shares its vCPU with the edge routers, not with the NFV
# node: pktgen busy-waits between packets at high rates, and the softirqs
# of the edge routers' packets run before it goes on.
#
# Scenarios: scen_NAME sets up what NAME adds to the common testbed, and
# SCEN_FAMILY[NAME] says whether its traffic is IPv6 or IPv4. A new data
# path is one more function and one more entry.
#
# Traffic: pktgen in src sends UDP frames of $FRAME bytes (Ethernet header
# to the end of the payload, no FCS; pktgen's smallest: 78 for IPv6) from
# $FLOWS source ports to fd00:2::100 (10.0.2.100 for IPv4). eer counts
# and drops them as they arrive from nfv (tc rules at its ingress, by the
# destination: fc00:e::/64, the egress SIDs, or fd00:2::100 when routed):
# those rules' counters are what was delivered. Decapsulating and handing
# them on to the sink would double the testbed's vCPU work per packet,
# and with it the testbed, not the NFV node, would be the limit; the
# edge's work is the same in every scenario either way.

declare -A SCEN_FAMILY=(
	[sr-aware]=6 [routed]=6 [native-proxy]=6
	[end.ad6]=6 [end.ad6-flow]=6 [end.ad4]=4 [end.as6]=6 [end.am]=6
)
BENCH_SID=fc00:2::f1
CPU_EDGE=0 CPU_NFV=1

# bench_teardown: deletes the namespaces of the last scenario. The kernel
# dismantles them afterwards, in a workqueue: bench_setup waits for both
# vCPUs to be idle before it measures (quiesce).
bench_teardown() {
	local name
	bg_stop src-proc
	bg_stop eer-proc
	for name in ${NS_CREATED[@]+"${NS_CREATED[@]}"}; do
		ns_exists "$name" && ip netns del "$name"
	done
	NS_CREATED=()
	NS=()
}

# quiesce: waits (10 s at most) until both vCPUs have been at least 95 %
# idle for half a second: what the last teardown and this setup started
# (namespaces dismantled, addresses and routes settling) is done before a
# trial counts the vCPUs' time.
quiesce() {
	local i a b
	for ((i = 0; i < 20; i++)); do
		cpu_ticks a
		nap 0.5
		cpu_ticks b
		read -r -a a <<<"$a"
		read -r -a b <<<"$b"
		# idle (ticks) x 10^6 / CLK_TCK >= 0.95 x wall (µs), both vCPUs.
		(((b[1] - a[1]) * 100000000 >= 95 * CLK_TCK * (b[0] - a[0]) &&
			(b[2] - a[2]) * 100000000 >= 95 * CLK_TCK * (b[0] - a[0]))) && return 0
	done
	diag "the vCPUs were still busy 10 s after the setup"
}

# rps ROLE CPU DEV...: the packets each DEV receives are processed on CPU
# (one process per namespace: under TCG each costs a tenth of a second).
rps() {
	local role=$1 mask=$((1 << $2)) dev cmd=''
	shift 2
	for dev in "$@"; do
		cmd+="echo $mask > /sys/class/net/$dev/queues/rx-0/rps_cpus && "
	done
	nsx "$role" sh -c "${cmd}:"
}

# bench_testbed FAMILY: selftests/lib.sh's testbed with $NVNF VNFs (1 to
# 8) and no SID (ier encapsulates towards fc00:2::f1 ... fc00:2::fNVNF then
# fc00:e::d6, or fc00:2::f1 then fc00:e::d4 for IPv4), eer counting and
# dropping the datagrams at ingress, and RPS placing each node's work on
# its vCPU.
bench_testbed() {
	local family=$1 i
	setup_testbed none "${NVNF:-1}" || return 1
	if [ "$family" = 4 ]; then
		vnf_ipv6_off 1 && testbed_ipv4 && vnf_ipv4 1 &&
		ip -n "${NS[ier]}" -4 route add 10.0.2.0/24 encap seg6 mode encap \
			segs "$BENCH_SID,fc00:e::d4" dev to_nfv || return 1
	fi
	# eer drops the benchmark's datagrams as they arrive from nfv, and
	# nothing else (neighbour discovery goes on). u32, not flower: flower
	# dissects every packet, a tenth of the testbed vCPU's time at full
	# speed (perf, 6.1).
	nsx eer tc qdisc add dev to_nfv clsact &&
	nsx eer tc filter add dev to_nfv ingress protocol ipv6 u32 \
		match ip6 dst fc00:e::/64 action drop &&
	nsx eer tc filter add dev to_nfv ingress protocol ipv6 u32 \
		match ip6 dst fd00:2::100/128 action drop || return 1
	# RPS where a packet crosses from one vCPU's nodes to the other's:
	# nfv's receiving from ier, eer's receiving from nfv. Elsewhere the
	# sender's vCPU is already the right one (a veth queues what it
	# carries on the backlog of the CPU that sent it), and RPS would only
	# add a flow dissection per packet and hop.
	rps nfv "$CPU_NFV" to_ier && rps eer "$CPU_EDGE" to_nfv || return 1
	# The VNF links carry the encapsulated packet in sr-aware: room for a
	# 1500-byte frame's with its outer header and SRH, as between the
	# routers.
	for ((i = 1; i <= ${NVNF:-1}; i++)); do
		ip -n "${NS[nfv]}" link set "to_vnf$i" mtu 1600 &&
		ip -n "${NS[vnf$i]}" link set to_nfv mtu 1600 || return 1
	done
}

# ------------------------------------------------------------ scenarios ---

# sr-aware: the paper's "SR kernel" baseline: vnf1 is SR-aware (the
# kernel's seg6local End in its namespace); nfv only routes.
scen_sr-aware() {
	local i
	for ((i = 1; i <= ${NVNF:-1}; i++)); do
		ip -n "${NS[nfv]}" -6 route add "fc00:2::f$i/128" via "fd00:f$i::2" dev "to_vnf$i" &&
		ip -n "${NS[vnf$i]}" -6 route add "fc00:2::f$i/128" encap seg6local \
			action End dev to_nfv || return 1
	done
}

# routed: no SRv6 anywhere: ier routes the packets plainly to nfv, which
# policy-routes what comes from ier through vnf1.
scen_routed() {
	ip -n "${NS[ier]}" -6 route replace fd00:2::/64 via fd00:12::2 dev to_nfv &&
	ip -n "${NS[nfv]}" -6 rule add iif to_ier lookup 100 pref 100 &&
	ip -n "${NS[nfv]}" -6 route add fd00:2::/64 via fd00:f1::2 dev to_vnf1 table 100
}

# native-proxy: what a user builds from kernel parts without srext: End.DX6
# towards vnf1, and what comes back from vnf1 encapsulated again by a
# policy route (a static proxy: the rest of the segment list is nfv's
# configuration). The kernel's End.DX6 takes only a packet whose SID is
# the last segment (Segments Left 0), so ier's list ends at the SID: an
# SRH of one segment instead of two, the same work at the edge.
scen_native-proxy() {
	ip -n "${NS[ier]}" -6 route replace fd00:2::/64 encap seg6 mode encap \
		segs "$BENCH_SID" via fd00:12::2 dev to_nfv &&
	ip -n "${NS[nfv]}" sr tunsrc set fd00:23::1 &&
	ip -n "${NS[nfv]}" -6 route add "$BENCH_SID/128" encap seg6local \
		action End.DX6 nh6 fd00:f1::2 dev to_vnf1 &&
	ip -n "${NS[nfv]}" -6 rule add iif to_vnf1 lookup 101 pref 101 &&
	ip -n "${NS[nfv]}" -6 route add fd00:2::/64 encap seg6 mode encap \
		segs fc00:e::d6 via fd00:23::2 dev to_eer table 101
}

bench_srconf() {
	srconf -n "${NS[nfv]}" sid add "$BENCH_SID" "$@"
}

scen_end.ad6() {
	local i
	for ((i = 1; i <= ${NVNF:-1}; i++)); do
		srconf -n "${NS[nfv]}" sid add "fc00:2::f$i" behavior end.ad6 \
			nh6 "fd00:f$i::2" oif "to_vnf$i" iif "to_vnf$i" || return 1
	done
}

scen_end.ad6-flow() {
	bench_srconf behavior end.ad6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 cache flow
}

scen_end.ad4() {
	bench_srconf behavior end.ad4 nh4 10.0.241.2 oif to_vnf1 iif to_vnf1
}

scen_end.as6() {
	bench_srconf behavior end.as6 nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1 \
		src fd00:12::2 segs fc00:e::d6
}

scen_end.am() {
	bench_srconf behavior end.am nh6 fd00:f1::2 oif to_vnf1 iif to_vnf1
}

# bench_setup SCENARIO: a fresh testbed with SCENARIO on it, and pktgen in
# src ready to send its traffic.
bench_setup() {
	local s=$1
	bench_teardown
	LAST_DELIVERED=
	FAMILY=${SCEN_FAMILY[$s]}
	bench_testbed "$FAMILY" && "scen_$s" || return 1
	# A process in src and one in eer: their /proc/PID/net is that
	# namespace's /proc/net, read and written without entering it (under
	# TCG ip netns exec costs a good part of a second).
	ns_proc src && ns_proc eer &&
	SRC_NET=/proc/${BG_PID[src-proc]}/net EER_NET=/proc/${BG_PID[eer-proc]}/net &&
	pg_setup "${SCEN_FAMILY[$s]}" || return 1
	# Warm-up, not measured: neighbours resolved and caches filled (the
	# first packets of a flow would wait or be lost for that), as on a
	# node that has been forwarding for a while: a packet of each flow at
	# least (pktgen steps through the source ports in order).
	if [ "${FLOWS:-1}" -le 100 ]; then
		trial 500 0.2 || return 1
	else
		trial 5000 $(((FLOWS + 4999) / 5000)) || return 1
	fi
	[ "$T_RECV" -gt 0 ] || { diag "$s: nothing reached eer in the warm-up"; return 1; }
	quiesce
}

# ns_proc ROLE: BG_PID[ROLE-proc] is a process that lives in ROLE's
# namespace (once it is sleep, ip netns exec has entered it).
ns_proc() {
	local i
	bg_start "$1-proc" "$1" sleep 1000000
	for ((i = 0; i < 100; i++)); do
		[ "$(cat "/proc/${BG_PID[$1-proc]}/comm" 2>/dev/null)" = sleep ] && return 0
		nap 0.05
	done
	diag "no process in $1's namespace"
	return 1
}

# --------------------------------------------------------------- pktgen ---

# pg FILE CMD: one pktgen command to src's pktgen (a device or thread
# file, which belongs to src's namespace whoever writes it).
pg() {
	echo "$2" 2>/dev/null >"$SRC_NET/pktgen/$1" ||
		{ diag "pktgen: '$2' > $1 refused: $(grep -m1 '^Result' "$SRC_NET/pktgen/$1")"; return 1; }
}

# pgctrl start|stop: pktgen's control file acts on the namespace of the
# process that writes it.
pgctrl() {
	nsenter --net="/run/netns/${NS[src]}" sh -c "echo $1 > /proc/net/pktgen/pgctrl"
}

# pg_setup FAMILY: src's to_ier on kpktgend_0 (bound to cpu0), sending
# $FRAME-byte UDP frames to the sink's side, $FLOWS flows (port pairs).
# pktgen steps the source and the destination port by one at each packet,
# each within its range (whose maximum is exclusive, a 16-bit port): up to
# 55535 flows by source ports 10000 on, destination port 9; more as A x B,
# A a power of two source ports and B an odd number of destination ports
# from 9: coprime lengths, so the pairs repeat only after A x B packets.
pg_setup() {
	local family=$1 nsrc=${FLOWS:-1} ndst=1
	if [ "$nsrc" -gt 55535 ]; then
		nsrc=1 ndst=$FLOWS
		while ((ndst % 2 == 0)); do
			nsrc=$((nsrc * 2)) ndst=$((ndst / 2))
		done
		((nsrc <= 55535 && ndst <= 55535)) ||
			{ diag "pktgen's port ranges cannot make $FLOWS flows ($nsrc x $ndst)"; return 1; }
	fi
	pg kpktgend_0 rem_device_all && pg kpktgend_0 "add_device to_ier" &&
	pg to_ier "dst_mac $(mac_of ier to_src)" && pg to_ier "clone_skb 0" &&
	pg to_ier "pkt_size $FRAME" &&
	pg to_ier "udp_dst_min 9" && pg to_ier "udp_dst_max $((9 + ndst))" &&
	pg to_ier "udp_src_min 10000" && pg to_ier "udp_src_max $((10000 + nsrc))" || return 1
	if [ "$family" = 4 ]; then
		pg to_ier "dst_min 10.0.2.100" && pg to_ier "dst_max 10.0.2.100" &&
		pg to_ier "src_min 10.0.1.1" && pg to_ier "src_max 10.0.1.1"
	else
		pg to_ier "dst6 fd00:2::100" && pg to_ier "src6 fd00:1::1"
	fi
}

# ---------------------------------------------------------- measurement ---

# Under TCG starting a process costs tens of milliseconds: what runs for
# every trial (reading counters, sleeping) is done with bash's builtins.

# nap SECONDS: sleep without a process (read times out on a pipe that
# nobody writes).
exec {NAP_FD}<> <(:)
CLK_TCK=$(getconf CLK_TCK)
nap() {
	read -rt "$1" -u "$NAP_FD" _ || :
}

# nfv_cap on|off: asks bench/run (cap_ctl, on the host) to cap the NFV
# node's vCPU or to let it run free, through the output share, and
# returns once it has answered (5 s at most). Nothing when bench/run caps
# nothing (BENCH_CAP unset).
nfv_cap() {
	local i ack
	[ -n "${BENCH_CAP:-}" ] || return 0
	echo "$1" >"$SREXT_OUT/cap.req" || return 1
	for ((i = 0; i < 250; i++)); do
		ack=''
		read -r ack 2>/dev/null <"$SREXT_OUT/cap.ack"
		[ "$ack" != "$1" ] || return 0
		nap 0.02
	done
	diag "bench/run did not answer 'cap $1' in 5 s"
	return 1
}

# scaled VAR VALUE DIGITS: VAR := the decimal VALUE (e.g. 0.005) x
# 10^DIGITS, truncated to an integer.
scaled() {
	local v=$2 i f=
	i=${v%%.*}
	[[ $v != *.* ]] || f=${v#*.}
	f=${f}000000000
	printf -v "$1" '%d' $((10#${i:-0} * 10 ** $3 + 10#${f:0:$3}))
}

# cpu_ticks VAR: VAR := "WALL IDLE_NFV IDLE_EDGE": the time (µs) and the
# idle time of the NFV node's vCPU and of the testbed's, in /proc/stat's
# units (USER_HZ: 10 ms). Busy time is wall - idle: with NO_HZ the kernel
# measures idle time as it enters and leaves idle (in microseconds,
# reported in ticks), where user, system and softirq time are sampled at
# the tick, and a vCPU that spends short bursts in softirqs between idle
# periods showed 26 % busy at 8 kpps and 7.5 % at 16 kpps that way.
cpu_ticks() {
	local name f c out=("${EPOCHREALTIME/./}")
	for c in $CPU_NFV $CPU_EDGE; do
		while read -r name f; do
			[ "$name" = "cpu$c" ] || continue
			read -r -a f <<<"$f"
			out+=("$((f[3] + f[4]))")
			break
		done </proc/stat
	done
	printf -v "$1" '%s ' "${out[@]}"
}

# delivered: the benchmark's datagrams eer has dropped (the sum of its tc
# rules' "Sent N bytes M pkt" counters): exactly what was delivered.
# Parsed by bash: jq would cost a quarter of a second for each reading.
delivered() {
	local line n=0 out
	out=$(nsenter --net="/run/netns/${NS[eer]}" tc -s filter show dev to_nfv ingress) || return 1
	while read -r line; do
		[[ $line =~ ^Sent\ [0-9]+\ bytes\ ([0-9]+)\ pkt ]] && n=$((n + BASH_REMATCH[1]))
	done <<<"$out"
	echo "$n"
}

# eer_rx: EER_RX := packets eer's to_nfv has received, all kinds (for
# watching traffic settle; from its namespace's /proc/net/dev).
eer_rx() {
	local line f
	EER_RX=
	while read -r line; do
		[[ $line == to_nfv:* ]] || continue
		read -r -a f <<<"${line#to_nfv:}"
		EER_RX=${f[1]}
		return
	done <"$EER_NET/dev"
}

# trial RATE SECONDS: pktgen offers RATE packets/s (0: as fast as it can)
# for SECONDS (RATE x SECONDS packets).
# Sets T_SENT, T_RECV, T_LOSS (ratio), T_OFFERED (what pktgen achieved,
# packets/s), T_SECS (pktgen's sending time) and T_CPU_NFV, T_CPU_EDGE
# (busy fractions of the vCPUs: their busy time from just before pktgen
# started to the end of the drain, over T_SECS; the testbed's includes
# starting and stopping pktgen).
# LAST_DELIVERED: delivered's count after the last trial (empty: unknown,
# read again; bench_setup empties it).
LAST_DELIVERED=
trial() {
	local rate=$1 secs=$2 ms count got0 got1 rx1 i c0 c1 line usec='' sent=''
	local pid still
	scaled ms "$secs" 3
	if [ "$rate" -gt 0 ]; then
		count=$(((rate * ms + 500) / 1000))
		pg to_ier "ratep $rate" || return 1
	else
		# As fast as it can, stopped after SECONDS.
		count=0
		pg to_ier "delay 0" || return 1
	fi
	pg to_ier "count $count" || return 1
	got0=${LAST_DELIVERED:-$(delivered)} || return 1
	LAST_DELIVERED=
	nfv_cap on || { nfv_cap off; return 1; }
	cpu_ticks c0
	pgctrl start &
	pid=$!
	if [ "$count" -gt 0 ]; then
		# pktgen stops after COUNT packets, or is stopped after twice
		# SECONDS when it cannot keep RATE: a trial takes about the time
		# asked of it (T_OFFERED then says what pktgen managed).
		for ((i = 0; i < ms / 25; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			nap 0.05
		done
	else
		# As fast as it can, stopped after SECONDS.
		nap "$secs"
	fi
	# A stop written before kpktgend has seen the start (it looks every
	# 100 ms) is lost: stop until the start returns.
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		pgctrl stop
		nap 0.05
	done
	wait "$pid" || { nfv_cap off; return 1; }
	# What is still on its way (queues, backlogs) reaches eer: wait
	# until its counter has stood still for 0.2 s (5 s at most).
	eer_rx
	rx1=$EER_RX
	for ((i = 0, still = 0; i < 50 && still < 2; i++)); do
		nap 0.1
		eer_rx
		if [ "$EER_RX" = "$rx1" ]; then
			still=$((still + 1))
		else
			still=0 rx1=$EER_RX
		fi
	done
	cpu_ticks c1
	# The trial is measured: a cap that stays on slows the next setup,
	# it does not spoil this trial.
	nfv_cap off || :
	got1=$(delivered) || return 1
	# "Result: OK: USEC(cBUSY+dIDLE) usec, SENT (SIZEbyte,0frags)" and
	# "pkts-sofar: SENT  errors: N": a frame the first veth refused (its
	# peer's backlog full) is an error to pktgen, which sends another in
	# its place; it is offered and lost all the same.
	while read -r line; do
		if [[ $line =~ ^Result:\ OK:\ ([0-9]+) ]]; then
			usec=${BASH_REMATCH[1]}
		elif [[ $line =~ ^pkts-sofar:\ +([0-9]+)\ +errors:\ +([0-9]+) ]]; then
			sent=$((BASH_REMATCH[1] + BASH_REMATCH[2]))
		fi
	done <"$SRC_NET/pktgen/to_ier"
	if [ -z "$sent" ] || [ "${usec:-0}" -le 0 ]; then
		diag "pktgen gave no result: $(grep -m1 Result "$SRC_NET/pktgen/to_ier")"
		return 1
	fi
	LAST_DELIVERED=$got1
	T_SENT=$sent T_RECV=$((got1 - got0))
	# More than was sent: packets of the trial before arrived late and
	# were counted here (that one's loss was overstated, this one's
	# understated).
	[ "$T_RECV" -le "$T_SENT" ] ||
		diag "trial at $rate pps: $T_RECV received of $T_SENT sent (late packets of the trial before)"
	read -r T_SECS T_OFFERED T_LOSS T_CPU_NFV T_CPU_EDGE < <(
		awk -v u="$usec" -v n="$T_SENT" -v r="$T_RECV" -v c="$c0 $c1" -v hz="$CLK_TCK" 'BEGIN {
			split(c, t, " ")
			l = n > 0 ? (n - r) / n : 1; if (l < 0) l = 0
			printf "%.3f %d %.6f", u / 1e6, n * 1e6 / u, l
			# The time each vCPU was not idle, from before pktgen started
			# to the end of the drain, over the time pktgen sent.
			w = (t[4] - t[1]) / 1e6
			for (i = 0; i < 2; i++) {
				b = u > 0 ? (w - (t[5 + i] - t[2 + i]) / hz) / (u / 1e6) : 0
				printf " %.4f", (b < 0 ? 0 : b > 1 ? 1 : b)
			}
			print "" }')
}

# csv KIND SCENARIO REP TARGET [VALUE]: one row of results.csv with the
# last trial's figures.
# SWEEP and PARAM: the sweep the row belongs to and its point (empty for
# the scenarios' own measurements).
CSV_HEADER=kind,scenario,sweep,param,rep,frame,flows,target_pps,offered_pps,sent,received,loss,secs,cpu_nfv,cpu_edge,value
SWEEP='' PARAM=''
csv() {
	echo "$1,$2,$SWEEP,$PARAM,$3,$FRAME,$FLOWS,$4,$T_OFFERED,$T_SENT,$T_RECV,$T_LOSS,$T_SECS,$T_CPU_NFV,$T_CPU_EDGE,${5:-}" >>"$CSV"
}

# search SCENARIO REP LOSS [HI]: the highest offered rate with a loss
# ratio of at most LOSS (0: NDR, 0.005: PDR), by binary search between 0
# and HI (default: what pktgen offers at full speed), as CSIT and SRPerf
# do: a trial at HI, then SEARCH_STEPS trials of TRIAL_SECS, and while no
# trial has passed yet, up to 8 more that halve the rate (a loaded machine
# in make check must still find a rate). Each trial is a "trial-ndr" or
# "trial-pdr" row. Sets SEARCH_RATE, the rate pktgen really offered in the
# best trial that passed (under TCG its timers do not always keep the
# rate asked), and SEARCH_NOTE to say when the limit found is not the NFV
# node's: "gen" when even pktgen's full speed passed, "testbed" when the
# NFV node's vCPU was under 90 % busy in the slowest trial that lost too
# much (the loss was the testbed's: bench/README.md, "Isolation").
search() {
	local s=$1 rep=$2 max=$3 lo=0 hi=${4:-0} mid top soft grown i kind fail_at='' fail_cpu=0 cpu
	kind=$([ "$max" = 0 ] && echo ndr || echo pdr)
	SEARCH_RATE=0 SEARCH_NOTE=
	trial "$hi" "$TRIAL_SECS" || return 1
	csv "trial-$kind" "$s" "$rep" "$hi"
	if loss_within "$max"; then
		SEARCH_RATE=$T_OFFERED
		[ "$hi" -gt 0 ] || SEARCH_NOTE=gen
		return 0
	fi
	hi=$T_OFFERED fail_at=$T_OFFERED fail_cpu=$T_CPU_NFV
	# What that trial delivered is near the limit (bench/README.md,
	# Methods): the search bisects below SOFT, 1.5 times it, and each
	# time a rate within an eighth of SOFT passes, SOFT grows by half and
	# the search gets one more trial (once SOFT reaches HI, plain
	# bisection). A hint, not a bound: while no rate below SOFT has
	# failed, up to SEARCH_MORE (8) more trials go on, so that an NFV
	# node whose goodput collapses under overload is still found (within
	# 3 % at a collapse to half, in a model of 7 steps).
	soft=$(awk -v r="$T_RECV" -v t="$T_SECS" 'BEGIN { printf "%d", (t > 0 ? 1.5 * r / t : 0) }')
	for ((i = 0, grown = 0; i < SEARCH_STEPS + grown ||
		(SEARCH_RATE == 0 && i < SEARCH_STEPS + grown + 8) ||
		(lo < soft && soft < hi && i < SEARCH_STEPS + grown + ${SEARCH_MORE:-8}); i++)); do
		top=$hi
		[ "$soft" -le "$lo" ] || [ "$soft" -ge "$hi" ] || top=$soft
		mid=$(((lo + top) / 2))
		[ "$mid" -gt 0 ] || break
		trial "$mid" "$TRIAL_SECS" || return 1
		csv "trial-$kind" "$s" "$rep" "$mid"
		if loss_within "$max"; then
			lo=$mid
			if [ $((8 * mid)) -ge $((7 * soft)) ] && [ "$soft" -lt "$hi" ]; then
				soft=$((soft * 3 / 2)) grown=$((grown + 1))
			fi
			[ "$T_OFFERED" -le "$SEARCH_RATE" ] || SEARCH_RATE=$T_OFFERED
		else
			hi=$mid
			[ "$T_OFFERED" -ge "$fail_at" ] || fail_at=$T_OFFERED fail_cpu=$T_CPU_NFV
		fi
	done
	scaled cpu "$fail_cpu" 4
	[ "$cpu" -ge 9000 ] || SEARCH_NOTE=testbed
}

# loss_within MAX: the last trial lost at most that ratio.
loss_within() {
	local ppm
	scaled ppm "$1" 6
	[ $(((T_SENT - T_RECV) * 1000000)) -le $((ppm * T_SENT)) ]
}

# latency RATE SECONDS: a trial at RATE while ier's to_src and eer's
# to_nfv capture one datagram in 16 as they arrive (by pktgen's sequence
# number, so that the captures cost little; a packet socket sees it before
# eer's tc rule drops it); bench/latency.py pairs them and gives their
# one-way delays. Not at src: pktgen's frames bypass the packet sockets.
# Both timestamps are taken as the veth hands the frame over (netif_rx,
# before the backlog), so the delay is ier's, nfv's and the VNF's work.
# Sets LAT to "P50 P99 N" (microseconds, samples) besides the trial's
# figures. pktgen's sequence number is 4 bytes into the UDP payload: at 52
# in a plain IPv6 packet (32 in an IPv4 one), and behind the SRH (ip6[41]:
# its length) and the inner IPv6 (41) or IPv4 (4) header in an
# encapsulated one.
LAT_SENT='(ip6 and ip6[6] = 17 and (ip6[52:4] & 15) = 0) or
	(ip and ip[9] = 17 and (ip[32:4] & 15) = 0)'
LAT_ARRIVED='ip6 and ((ip6[6] = 17 and (ip6[52:4] & 15) = 0) or
	(ip6[6] = 43 and ip6[40] = 41 and (ip6[100 + ip6[41] * 8 : 4] & 15) = 0) or
	(ip6[6] = 43 and ip6[40] = 4 and (ip6[80 + ip6[41] * 8 : 4] & 15) = 0))'
# cap_start's --immediate-mode: without it the packets wait in the
# capture ring for a block to fill or for a second, and those of a short
# trial were lost when tcpdump was stopped (no sample at all in half the
# scenarios).
latency() {
	local rate=$1 secs=$2
	rm -f "$TMPD/lat-sent.pcap" "$TMPD/lat-arrived.pcap"
	# This script, and so tcpdump, runs on the testbed's vCPU.
	cap_start lat-sent ier to_src -Q in -s 128 --time-stamp-precision=nano "$LAT_SENT" ||
		return 1
	cap_start lat-arrived eer to_nfv -Q in -s 192 --time-stamp-precision=nano "$LAT_ARRIVED" ||
		{ bg_stop cap-lat-sent KILL; return 1; }
	trial "$rate" "$secs" || { bg_stop cap-lat-sent KILL; bg_stop cap-lat-arrived KILL; return 1; }
	bg_stop cap-lat-sent INT
	bg_stop cap-lat-arrived INT
	LAT=$("$PYTHON" "$SREXT_TOP/bench/latency.py" "$TMPD/lat-sent.pcap" "$TMPD/lat-arrived.pcap") ||
		return 1
	[ "${LAT##* }" -gt 0 ] || { diag "latency: no datagram both sent and captured at eer"; return 1; }
}

# ---------------------------------------------------------------- sweeps ---
#
# sweep_setup SWEEP SCENARIO POINT: bench_setup SCENARIO with that point of
# the sweep applied:
#   sids    End.AD6 with POINT SIDs in nfv's table (POINT - 1 more on
#           dummies: each SID needs an interface of its own)
#   segs    POINT segments in the SRH the SID gets (2 to 16: the SID and the
#           egress's End.DX6 at least); ier's tc egress program
#           (sl.bpf.c) makes the SID Segment List[1] with Segments Left 1,
#           so that the edge routers' work does not grow with POINT
#   chain   POINT VNFs on nfv, one SID each, all in ier's segment list
#   flows   POINT inner flows (UDP source ports)
#   frame   POINT-byte frames
#   other   the routed scenario with srext not loaded (POINT 0) or loaded
#           with 10000 SIDs in nfv (POINT 10000): traffic not for srext
sweep_setup() {
	local sw=$1 s=$2 v=$3
	FRAME=$BASE_FRAME FLOWS=$BASE_FLOWS NVNF=1
	case $sw in
	sids) bench_setup "$s" && extra_sids nfv $((v - 1)) ;;
	segs) bench_setup "$s" && segs_set "$v" ;;
	chain) NVNF=$v && bench_setup "$s" ;;
	flows) FLOWS=$v && bench_setup "$s" ;;
	frame) FRAME=$v && bench_setup "$s" ;;
	other)
		if [ "$v" = 0 ]; then
			bench_teardown
			! srext_loaded || rmmod srext || return 1
			bench_setup "$s"
		else
			srext_load
			bench_setup "$s" && extra_sids nfv "$v"
		fi
		;;
	*) diag "unknown sweep $sw"; return 1 ;;
	esac
}

# extra_sids ROLE N: N more End.AD6 SIDs in ROLE's namespace, fc00:3::/64
# (fc00:3::HI:LO, HI:LO the 32 bits of 1 to N),
# each on a dummy of its own (down: IPv6 on, as srext wants of an IFACE-IN,
# but no address), added by one srconf batch.
extra_sids() {
	local role=$1 n=$2 i
	[ "$n" -gt 0 ] || return 0
	for ((i = 1; i <= n; i++)); do
		echo "link add x$i type dummy"
	done >"$TMPD/links"
	ip -n "${NS[$role]}" -b "$TMPD/links" || return 1
	for ((i = 1; i <= n; i++)); do
		printf 'sid add fc00:3::%x:%x behavior end.ad6 nh6 fd00:3::2 oif x%d iif x%d\n' \
			$((i >> 16)) $((i & 0xffff)) "$i" "$i"
	done >"$TMPD/sids"
	srconf -n "${NS[$role]}" -b "$TMPD/sids" >/dev/null
}

# segs_set N: ier's segment list is N long: N - 2 unused segments, then
# fc00:2::f1, fc00:e::d6; its tc egress program starts the packets at
# fc00:2::f1 with Segments Left 1.
segs_set() {
	local n=$1 i segs=''
	for ((i = 1; i <= n - 2; i++)); do
		segs+="fc00:9::$i,"
	done
	# seg6 routes the packet it made by its first segment.
	ip -n "${NS[ier]}" -6 route add fc00:9::/64 via fd00:12::2 dev to_nfv &&
	ip -n "${NS[ier]}" -6 route replace fd00:2::/64 encap seg6 mode encap \
		segs "${segs}fc00:2::f1,fc00:e::d6" via fd00:12::2 dev to_nfv &&
	nsx ier tc qdisc add dev to_nfv clsact &&
	nsx ier tc filter add dev to_nfv egress bpf da obj "$BENCH_BPF" sec tc
}

# perf_ctl CMD: CMD (enable, disable) to the perf record that profile
# started, through its control FIFO; returns once perf has done it. Both
# FIFOs are opened read-write, so that neither open waits for a perf that
# did not start.
perf_ctl() {
	local fd afd line rc=1
	exec {fd}<>"$TMPD/perf.ctl" {afd}<>"$TMPD/perf.ack" || return 1
	echo "$1" >&"$fd" && read -rt 60 -u "$afd" line && [ "$line" = ack ] && rc=0
	exec {fd}>&- {afd}>&-
	return "$rc"
}

# profile SCENARIO RATE SECONDS: perf samples the NFV node's vCPU
# (cpu-clock: TCG has no PMU) during a trial at RATE of SECONDS; the
# functions that took 0.1 % of the samples or more go to
# $SREXT_OUT/profile-SCENARIO.txt. perf takes seconds to start under TCG,
# longer still beside pktgen: it starts first with its events disabled
# (-D -1), and the events are enabled for the trial alone.
profile() {
	local s=$1 data=$TMPD/perf.data rc=0
	rm -f "$data" "$TMPD/perf.ctl" "$TMPD/perf.ack"
	mkfifo "$TMPD/perf.ctl" "$TMPD/perf.ack" || return 1
	bg_start perf - perf record -q -B -N -e cpu-clock -C "$CPU_NFV" -D -1 \
		--control "fifo:$TMPD/perf.ctl,$TMPD/perf.ack" -o "$data"
	if ! perf_ctl enable; then
		diag "perf record did not start: $(head -n 3 "$TMPD/perf.err")"
		bg_stop perf KILL
		return 1
	fi
	trial "$2" "$3" || rc=1
	perf_ctl disable || rc=1
	# perf record ends on SIGINT by raising it again: no exit status to
	# read, its report says whether it wrote its data.
	bg_stop perf INT
	[ "$rc" = 0 ] || { diag "profile: the trial or perf failed: $(head -n 3 "$TMPD/perf.err")"; return 1; }
	perf report -q -i "$data" --stdio --no-children --sort dso,symbol \
		--percent-limit 0.1 2>"$TMPD/perf-report.err" >"$SREXT_OUT/profile-$s.txt" ||
		{ diag "perf report: $(head -n 3 "$TMPD/perf-report.err")"; return 1; }
	[ -s "$SREXT_OUT/profile-$s.txt" ] || { diag "perf report printed nothing"; return 1; }
}
