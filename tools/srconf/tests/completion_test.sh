#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side test of the bash completion of srconf (srconf.bash); no root, no
# network, no interfaces needed. Each check sets COMP_WORDS, COMP_CWORD,
# COMP_LINE and COMP_POINT as bash does for a command line, calls _srconf
# and compares the sorted COMPREPLY with the expected words. Interface and
# namespace names come from overrides of _srconf_ifnames and
# _srconf_netns_names; the default ones are checked against a fake "ip".
#
# The checks run without bash-completion (the COMP_WORDS fallback), then
# again with bash-completion's _init_completion when its bash_completion
# script is found ($BASH_COMPLETION, else the Debian path).
#
# Prints "ok N - desc" / "not ok N - desc" per check and a summary line;
# exits 1 if any check failed.

set -u

DIR=$(cd "$(dirname "$0")/.." && pwd)
SCRIPT=${SRCONF_BASH:-$DIR/srconf.bash}
BC_SCRIPT=${BASH_COMPLETION:-/usr/share/bash-completion/bash_completion}

NTEST=0
PASSED=0
FAILED=0
MODE=""

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# What bash sets in an interactive shell.
DEFAULT_BREAKS=$' \t\n"\'><=;|&(:'
COMP_WORDBREAKS=$DEFAULT_BREAKS

# shellcheck source=../srconf.bash disable=SC1091
if ! . "$SCRIPT"; then
	echo "not ok 1 - source $SCRIPT"
	echo "completion: 0 passed, 1 failed"
	exit 1
fi
unset -f _init_completion 2>/dev/null

# Keep the real name sources for the checks of their parsing.
eval "orig$(declare -f _srconf_ifnames)"
eval "orig$(declare -f _srconf_netns_names)"

# Fake names: namespace "blue" has its own interfaces.
_srconf_ifnames()
{
	if [[ ${1-} == blue ]]; then
		printf '%s\n' veth-blue eth9
	else
		printf '%s\n' lo eth0 eth1 veth0
	fi
}

_srconf_netns_names()
{
	printf '%s\n' blue red
}

IFNAMES="lo eth0 eth1 veth0"
OPTIONS="-j --json -p --pretty -s --stats -n --netns -b --batch -f --force -V --version -h --help"
OBJECTS="sid localsid monitor help"
BEHAVIORS="End.AD6 End.AD4 End.AS6 End.AS4 End.AM End End.X End.DX6 End.DX4 End.DT6"
BEHAVIORS_2017="end.ad6 end.ad4 end.as6 end.as4 end.am end end.x end.dx6 end.dx4 end.dt6"

result()
{
	NTEST=$((NTEST + 1))
	if [[ $1 == ok ]]; then
		PASSED=$((PASSED + 1))
		echo "ok $NTEST - $2$MODE"
	else
		FAILED=$((FAILED + 1))
		echo "not ok $NTEST - $2$MODE"
	fi
}

# The words, one per line, sorted: "a b" and "b a" compare equal.
sorted()
{
	local w

	for w in "$@"; do
		printf '%s\n' "$w"
	done | LC_ALL=C sort | paste -sd ' ' -
}

# COMP_WORDS and COMP_CWORD for LINE with the cursor at POINT, as bash
# splits them: blanks separate words and a run of the other COMP_WORDBREAKS
# characters is a word of its own ("fc00::1" is "fc00" "::" "1",
# "--netns=x" is "--netns" "=" "x"). The cursor's word is the one it is in
# or right after; after a blank it is a new empty word.
split_line()
{
	local line=$1 point=$2 i c kind last="" tok=""
	local -a start=() end=()

	COMP_WORDS=()
	for ((i = 0; i <= ${#line}; i++)); do
		c=${line:i:1}
		if ((i == ${#line})) || [[ $c == [[:space:]] ]]; then
			kind=space
		elif [[ $COMP_WORDBREAKS == *"$c"* ]]; then
			kind="break"
		else
			kind=word
		fi
		if [[ -n $tok && $kind != "$last" ]]; then
			COMP_WORDS+=("$tok")
			end+=("$i")
			tok=""
		fi
		if [[ $kind != space ]]; then
			[[ -z $tok ]] && start+=("$i")
			tok+=$c
		fi
		last=$kind
	done
	COMP_CWORD=-1
	for i in "${!COMP_WORDS[@]}"; do
		if ((start[i] <= point && point <= end[i])); then
			COMP_CWORD=$i
			break
		fi
	done
	if ((COMP_CWORD < 0)); then
		# In blanks: a new empty word before the first one after the cursor.
		COMP_CWORD=${#COMP_WORDS[@]}
		for i in "${!COMP_WORDS[@]}"; do
			if ((start[i] > point)); then
				COMP_CWORD=$i
				break
			fi
		done
		COMP_WORDS=("${COMP_WORDS[@]:0:COMP_CWORD}" "" "${COMP_WORDS[@]:COMP_CWORD}")
	fi
}

# Complete LINE with the cursor at POINT (default: the end); sets GOT.
complete_line()
{
	local line=$1 point=${2:-${#1}}

	split_line "$line" "$point"
	COMP_LINE=$line
	COMP_POINT=$point
	COMPREPLY=()
	_srconf srconf "${COMP_WORDS[COMP_CWORD]}" \
		"${COMP_WORDS[COMP_CWORD - 1]-}"
	GOT=$(sorted ${COMPREPLY[@]+"${COMPREPLY[@]}"})
}

# check DESC LINE EXPECTED [POINT]: EXPECTED is the words, space-separated,
# in any order; "" for no word.
check()
{
	local desc=$1 line=$2 want

	# shellcheck disable=SC2086 # EXPECTED is a list of words
	want=$(sorted $3)
	complete_line "$line" "${4-}"
	if [[ $GOT == "$want" ]]; then
		result ok "$desc"
	else
		result fail "$desc"
		echo "#   line:     '$line'"
		echo "#   expected: '$want'"
		echo "#   got:      '$GOT'"
	fi
}

# check_eq DESC GOT WANT
check_eq()
{
	if [[ $2 == "$3" ]]; then
		result ok "$1"
	else
		result fail "$1"
		echo "#   expected: '$3'"
		echo "#   got:      '$2'"
	fi
}

ADD="srconf sid add fc00::1 behavior"
LADD="srconf localsid add fc00::1"

run_checks()
{
	# --- options and objects
	check "objects" "srconf " "$OBJECTS"
	check "object prefix" "srconf s" "sid"
	check "object prefix l" "srconf l" "localsid"
	check "no object for an unknown prefix" "srconf x" ""
	check "every option after -" "srconf -" "$OPTIONS"
	check "long options after --" "srconf --" \
		"--json --pretty --stats --netns --batch --force --version --help"
	check "long option prefix" "srconf --ne" "--netns"
	check "short option is kept" "srconf -j" "-j"
	check "objects after flags" "srconf -j --pretty -s " "$OBJECTS"
	check "objects after bundled flags" "srconf -jsp " "$OBJECTS"
	check "options after an option" "srconf -j --j" "--json"
	check "namespaces after -n" "srconf -n " "blue red"
	check "namespaces after --netns, prefix" "srconf --netns r" "red"
	check "namespaces after --netns=" "srconf --netns=" "blue red"
	check "namespaces after --netns=b" "srconf --netns=b" "blue"
	COMP_WORDBREAKS=$' \t\n'
	check "--netns=b with no = in COMP_WORDBREAKS" "srconf --netns=b" "--netns=blue"
	COMP_WORDBREAKS=$DEFAULT_BREAKS
	check "objects after -n NAME" "srconf -n blue " "$OBJECTS"
	check "files after -b" "srconf -b " "cmds.batch notes.txt"
	check "files after --batch, prefix" "srconf --batch c" "cmds.batch"
	check "files after --batch=" "srconf --batch=n" "notes.txt"
	check "nothing but options after -b FILE" "srconf -b cmds.batch " ""
	check "options after -b FILE" "srconf -b cmds.batch --f" "--force"
	check "nothing after -h" "srconf -h " ""
	check "nothing after --version" "srconf --version " ""
	check "objects after --" "srconf -j -- " "$OBJECTS"
	check "no options after --" "srconf -- -" ""
	check "no options after the object" "srconf sid -" ""

	# --- commands
	check "sid commands" "srconf sid " "add del show flush clear-stats help"
	check "sid command prefix" "srconf sid c" "clear-stats"
	check "sid: aliases not offered" "srconf sid l" ""
	check "localsid commands" "srconf localsid " \
		"add del show flush clear-counters help"
	check "localsid command prefix" "srconf localsid c" "clear-counters"
	check "object abbreviated: s is sid" "srconf s " \
		"add del show flush clear-stats help"
	check "object abbreviated: l is localsid" "srconf -j l sh" "show"
	check "cursor inside the line" "srconf sid sh fc00::1" "show" 13
	check "nothing after monitor" "srconf monitor " ""
	check "nothing after help" "srconf help " ""
	check "nothing after m (monitor)" "srconf m " ""
	check "no commands for an unknown object" "srconf foo " ""
	check "d is del: a SID" "srconf sid d " ""
	check "SID of sid show" "srconf sid show " ""
	check "SID of sid del" "srconf sid del " ""
	check "SID of sid clear-stats" "srconf sid clear-stats fc" ""
	check "nothing after sid flush" "srconf sid flush " ""
	check "nothing after a shown SID" "srconf sid ls fc00::1 " ""
	check "SID of localsid clear-counters" "srconf localsid clear-counters " ""

	# --- sid add
	check "SID of sid add" "srconf sid add " ""
	check "SID being typed" "srconf sid add fc00::" ""
	check "behavior after the SID" "srconf sid add fc00::1 " "behavior"
	check "behavior, abbreviated command" "srconf s a fc00::1 b" "behavior"
	check "behaviours" "$ADD " "$BEHAVIORS"
	check "behaviours, case-insensitive end.a" "$ADD end.a" \
		"End.AD6 End.AD4 End.AS6 End.AS4 End.AM"
	check "behaviours, END.D" "$ADD END.D" "End.DX6 End.DX4 End.DT6"
	check "behaviours, End.X" "$ADD End.X" "End.X"
	check "End.AD6 keywords" "$ADD End.AD6 " "nh6 mac oif iif cache"
	check "end.ad6 spelled in lower case" "$ADD end.ad6 " "nh6 mac oif iif cache"
	check "End.AD6 after nh6: no mac" "$ADD End.AD6 nh6 fc00::2 " "oif iif cache"
	check "End.AD6 after mac: no nh6" \
		"$ADD End.AD6 mac 00:11:22:33:44:55 " "oif iif cache"
	check "interfaces after oif" "$ADD End.AD6 nh6 fc00::2 oif " "$IFNAMES"
	check "interfaces after oif, prefix" "$ADD End.AD6 nh6 fc00::2 oif e" "eth0 eth1"
	check "interfaces after iif" "$ADD End.AD6 iif " "$IFNAMES"
	check "End.AD6 with oif and iif" \
		"$ADD End.AD6 nh6 fc00::2 oif eth0 iif eth1 " "cache"
	check "cache values" "$ADD End.AD6 cache " "flow interface"
	check "cache value prefix" "$ADD End.AD6 cache f" "flow"
	check "max and timeout after cache flow" "$ADD End.AD6 cache flow " \
		"nh6 mac oif iif max timeout"
	check "no max after cache interface" \
		"$ADD End.AD6 nh6 fc00::2 oif eth0 iif eth1 cache interface " ""
	check "timeout after max" \
		"$ADD End.AD6 nh6 fc00::2 oif eth0 iif eth1 cache flow max 100 " "timeout"
	check "nothing for max N" "$ADD End.AD6 cache flow max " ""
	check "nothing for timeout SECONDS" "$ADD End.AD6 cache flow timeout " ""
	check "End.AD4 keywords" "$ADD End.AD4 " "nh4 mac oif iif cache"
	check "nothing for nh4 ADDR4" "$ADD End.AD4 nh4 " ""
	check "End.AS6 keywords" "$ADD end.as6 " "nh6 mac oif iif src segs"
	check "End.AS4 after all but segs" \
		"$ADD End.AS4 nh4 10.0.0.1 oif eth0 iif eth1 src fc00::9 " "segs"
	check "nothing for segs" "$ADD End.AS4 segs " ""
	check "nothing for src" "$ADD End.AS6 src " ""
	check "End.AM keywords" "$ADD End.AM " "nh6 mac oif iif"
	check "End takes nothing" "$ADD End " ""
	check "End.X keywords" "$ADD End.X " "nh6 oif"
	check "nothing for nh6 ADDR6" "$ADD End.X nh6 " ""
	check "End.X keyword prefix" "$ADD End.X nh6 fc00::2 o" "oif"
	check "End.DX6 keywords" "$ADD End.DX6 " "nh6 oif"
	check "End.DX4 keywords" "$ADD End.DX4 " "nh4 oif"
	check "End.DT6 keywords" "$ADD End.DT6 " "table"
	check "nothing for table ID" "$ADD End.DT6 table " ""
	check "nothing after End.DT6 table ID" "$ADD End.DT6 table 100 " ""
	check "nothing for an unknown behaviour" "$ADD End.B6 " ""
	check "behavior after a keyword before it" \
		"srconf sid add fc00::1 nh6 fc00::2 " "behavior"
	check "interfaces of -n NAME" \
		"srconf -n blue sid add fc00::1 behavior End.X nh6 fc00::2 oif " \
		"veth-blue eth9"
	check "interfaces of --netns NAME" \
		"srconf -j --netns blue sid add fc00::1 behavior End.DX4 oif v" \
		"veth-blue"
	check "interfaces of --netns=NAME" \
		"srconf --netns=blue s a fc00::1 behavior End.AM iif " "veth-blue eth9"
	check "nothing after sid add with -b" "srconf -b x sid add fc00::1 " ""

	# --- localsid add (2017)
	check "SID of localsid add" "srconf localsid add " ""
	check "2017 behaviours" "$LADD " "$BEHAVIORS_2017"
	check "2017 behaviours, case-insensitive END.A" "$LADD END.A" \
		"end.ad6 end.ad4 end.as6 end.as4 end.am"
	check "2017 NEXTHOP of end.ad6" "$LADD end.ad6 " "ip mac"
	check "2017 NEXTHOP of End.AD6" "$LADD End.AD6 m" "mac"
	check "2017 NEXTHOP of end.x: no mac" "$LADD end.x " "ip"
	check "2017 nothing for the next hop" "$LADD end.ad6 ip " ""
	check "2017 TARGETIF" "$LADD end.ad6 ip fc00::2 " "$IFNAMES"
	check "2017 SOURCEIF" "$LADD end.ad6 mac 00:11:22:33:44:55 eth0 e" "eth0 eth1"
	check "2017 end.ad6 keywords" "$LADD end.ad6 ip fc00::2 eth0 eth1 " "cache"
	check "2017 max and timeout after cache flow" \
		"$LADD end.ad6 ip fc00::2 eth0 eth1 cache flow " "max timeout"
	check "2017 end.as4 keywords" "$LADD end.as4 ip 10.0.0.1 eth0 eth1 " \
		"src segs left"
	check "2017 end.as4 after segs" \
		"$LADD end.as4 ip 10.0.0.1 eth0 eth1 segs fc00::a,fc00::b " "src left"
	check "2017 nothing for left N" "$LADD end.as6 ip fc00::2 eth0 eth1 left " ""
	check "2017 end.dx4 TARGETIF" "$LADD end.dx4 ip 10.0.0.1 " "$IFNAMES"
	check "2017 nothing after end.dx4" "$LADD end.dx4 ip 10.0.0.1 eth0 " ""
	check "2017 end.dt6 keywords" "$LADD end.dt6 " "table"
	check "2017 end takes nothing" "$LADD end " ""
	check "2017 abbreviated, in namespace" \
		"srconf -n blue l a fc00::1 end.am mac 00:11:22:33:44:55 " "veth-blue eth9"
	check "2017 nothing for an unknown behaviour" "$LADD end.b6 " ""
}

# The default name sources, fed by a fake ip(8).
check_name_sources()
{
	# shellcheck disable=SC2317 # called by the default sources
	ip()
	{
		case "$*" in
		"-o link show")
			printf '%s\n' "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue" \
				"2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500" \
				"5: veth0@if3: <BROADCAST,MULTICAST> mtu 1500"
			;;
		"-n blue -o link show")
			printf '%s\n' "1: lo: <LOOPBACK> mtu 65536" \
				"7: veth-blue@if8: <BROADCAST> mtu 1500"
			;;
		"netns list")
			printf '%s\n' "blue (id: 0)" "red"
			;;
		*) return 1 ;;
		esac
	}
	check_eq "default ifnames: ip -o link show, @peer cut" \
		"$(orig_srconf_ifnames "" | paste -sd ' ' -)" "lo eth0 veth0"
	check_eq "default ifnames: ip -n NAME -o link show" \
		"$(orig_srconf_ifnames blue | paste -sd ' ' -)" "lo veth-blue"
	check_eq "default netns names: ip netns list" \
		"$(orig_srconf_netns_names | paste -sd ' ' -)" "blue red"
	unset -f ip
}

# Prefix matching of objects and commands, as srconf's command_match().
# shellcheck disable=SC2154 # the tables are srconf.bash's
check_resolve()
{
	local REPLY

	_srconf_resolve d "${_srconf_sid_commands[@]}"
	check_eq "resolve: d is del (delete is its alias)" "$REPLY" del
	_srconf_resolve l "${_srconf_sid_commands[@]}"
	check_eq "resolve: l is show (list, ls)" "$REPLY" show
	_srconf_resolve delete "${_srconf_sid_commands[@]}"
	check_eq "resolve: alias delete" "$REPLY" del
	_srconf_resolve s "${_srconf_objects[@]}"
	check_eq "resolve: s is sid" "$REPLY" sid
	_srconf_resolve c add clear cache
	check_eq "resolve: ambiguous prefix" "$?/$REPLY" "1/"
	_srconf_resolve clear add clear clear-all
	check_eq "resolve: an exact name wins" "$REPLY" clear
	_srconf_resolve x "${_srconf_objects[@]}"
	check_eq "resolve: unknown" "$?/$REPLY" "1/"
}

cd "$TMP" || exit 1
touch cmds.batch notes.txt

run_checks
check_resolve
check_name_sources
check_eq "completion registered for srconf" \
	"$(complete -p srconf 2>/dev/null)" "complete -F _srconf srconf"

# The tables are kept in step with srconf: compare with its usage text.
if [[ -x $DIR/srconf ]]; then
	usage=$("$DIR/srconf" -h)
	check_eq "tables: the behaviours of srconf -h, in its order" \
		"$(sed -n '/^BEHAVIOR :=/,/}$/p' <<<"$usage" | sed -E 's/^BEHAVIOR := \{ //; s/^ +//' | awk '{print $1}' | paste -sd' ')" \
		"${_srconf_behaviors[*]}"
	for b in "${_srconf_behaviors[@]}"; do
		line=$(sed -n '/^BEHAVIOR :=/,/}$/p' <<<"$usage" | sed -E 's/^BEHAVIOR := \{ //; s/^ +//' | awk -v b="$b" '$1 == b')
		want=$(grep -oE '(^| |\{ |\| |\[ )(nh6|nh4|mac|oif|iif|src|segs|table|cache) ' <<<"$line" | tr -d '{[| ' | paste -sd' ')
		got=$(for k in ${_srconf_behavior_keys[${b,,}]}; do case $k in max|timeout) ;; *) echo "$k" ;; esac; done | paste -sd' ')
		check_eq "tables: the keywords of $b as srconf -h lists them" "$want" "$got"
	done
fi

if [[ -r $BC_SCRIPT ]]; then
	# bash-completion is not written for "set -u".
	set +u
	# shellcheck disable=SC1090
	. "$BC_SCRIPT"
	if declare -F _init_completion >/dev/null; then
		MODE=" (bash-completion)"
		run_checks
	fi
	set -u
fi

echo "completion: $PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
