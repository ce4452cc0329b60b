# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Bash completion of srconf, installed as
# /usr/share/bash-completion/completions/srconf. It uses bash-completion's
# _init_completion when that is loaded and reads COMP_WORDS/COMP_CWORD
# (glued back together with COMP_LINE) when it is not.
#
#   srconf [OPTIONS] sid { add SID behavior BEHAVIOR ARGS... | del SID |
#                          show [SID] | flush | clear-stats [SID] | help }
#   srconf [OPTIONS] localsid { add SID BEHAVIOUR ... | del SID | show [SID] |
#                               flush | clear-counters [SID] | help }
#   srconf [OPTIONS] { monitor | help }
#
# Objects and commands are completed by name; an earlier word that is a
# unique prefix ("srconf s sh") counts as the name it abbreviates, as in
# srconf's command_match(). SIDs, addresses and numbers complete to nothing.
# tests/completion_test.sh checks every rule.

# ---- tables (kept in step with parse.c and main.c) ----

# Global options; -n/--netns and -b/--batch take a value.
declare -ga _srconf_options=(-j --json -p --pretty -s --stats -n --netns
	-b --batch -f --force -V --version -h --help)

# Objects and the commands of each, as srconf's dispatch tables: "alias=name"
# rows are accepted (and count as "name" for prefixes) but not offered.
declare -ga _srconf_objects=(sid localsid monitor help)
declare -ga _srconf_sid_commands=(add del delete=del show list=show ls=show
	flush clear-stats help)
declare -ga _srconf_localsid_commands=(add del show flush clear-counters help)

# Behaviours in srconf's order, spelled as srconf prints them; names are
# matched case-insensitively.
declare -ga _srconf_behaviors=(End.AD6 End.AD4 End.AS6 End.AS4 End.AM
	End End.X End.DX6 End.DX4 End.DT6)

# Keywords each behaviour takes after "sid add SID behavior NAME" (required
# and optional: behavior_table[] of parse.c), by lowercased name. The 2017
# "localsid add" grammar is derived from the same rows, as srconf does:
# nh6/nh4 (and mac) make the positional NEXTHOP, oif TARGETIF, iif
# SOURCEIF; the other keywords follow, and "segs" brings "left".
declare -gA _srconf_behavior_keys=(
	[end.ad6]="nh6 mac oif iif cache max timeout"
	[end.ad4]="nh4 mac oif iif cache max timeout"
	[end.as6]="nh6 mac oif iif src segs"
	[end.as4]="nh4 mac oif iif src segs"
	[end.am]="nh6 mac oif iif"
	[end]=""
	[end.x]="nh6 oif"
	[end.dx6]="nh6 oif"
	[end.dx4]="nh4 oif"
	[end.dt6]="table"
)

# What the value of a keyword completes to: a list of words, @ifname
# (interface names) or @behavior. A keyword not listed here takes an
# address, a SID list or a number: nothing to complete.
declare -gA _srconf_key_values=(
	[behavior]=@behavior
	[oif]=@ifname
	[iif]=@ifname
	[cache]="flow interface"
)

# Keywords that exclude each other (either one is the next hop).
declare -gA _srconf_key_excludes=([mac]="nh6 nh4" [nh6]=mac [nh4]=mac)

# Keywords that only come after "KEYWORD VALUE".
declare -gA _srconf_key_parent=([max]="cache flow" [timeout]="cache flow")

# ---- sources of names (tests override these) ----

# Interface names, one per line, of namespace $1 (the current one if empty):
# "2: veth0@if3: <...>" gives "veth0".
_srconf_ifnames()
{
	local -a ns=()
	local _idx name _rest

	[[ -n ${1-} ]] && ns=(-n "$1")
	ip ${ns[@]+"${ns[@]}"} -o link show 2>/dev/null |
		while read -r _idx name _rest; do
			name=${name%:}
			printf '%s\n' "${name%%@*}"
		done
}

# Network namespace names, one per line: "blue (id: 0)" gives "blue".
_srconf_netns_names()
{
	local name _rest

	ip netns list 2>/dev/null |
		while read -r name _rest; do
			printf '%s\n' "$name"
		done
}

# ---- helpers; they work on the caller's cur, words, cword and COMPREPLY ----

# Add the WORDs that start with $cur to COMPREPLY.
_srconf_offer()
{
	local w

	for w; do
		[[ $w == "$cur"* ]] && COMPREPLY+=("$w")
	done
	return 0
}

# The same, ignoring case (behaviour names).
_srconf_offer_nocase()
{
	local w lcur=${cur,,}

	for w; do
		[[ ${w,,} == "$lcur"* ]] && COMPREPLY+=("$w")
	done
	return 0
}

# The names of a command table without its "alias=name" rows.
_srconf_offer_commands()
{
	local row
	local -a names=()

	for row; do
		[[ $row == *=* ]] || names+=("$row")
	done
	_srconf_offer "${names[@]}"
}

# _srconf_resolve WORD ROW...: set REPLY to the name WORD stands for, as
# command_match(): an exact name wins, else WORD must be the prefix of one
# command (an alias counts as the name it is an alias of). Returns 1 when
# there is none or more than one.
_srconf_resolve()
{
	local word=$1 row name found=""

	shift
	REPLY=""
	[[ -n $word ]] || return 1
	for row; do
		if [[ ${row%%=*} == "$word" ]]; then
			REPLY=${row#*=}
			return 0
		fi
	done
	for row; do
		[[ ${row%%=*} == "$word"* ]] || continue
		name=${row#*=}
		if [[ -z $found ]]; then
			found=$name
		elif [[ $found != "$name" ]]; then
			return 1
		fi
	done
	REPLY=$found
	[[ -n $found ]]
}

# Interface names of the namespace given on the line ($netns).
_srconf_offer_ifnames()
{
	local -a names=()

	mapfile -t names < <(_srconf_ifnames "$netns")
	_srconf_offer ${names[@]+"${names[@]}"}
}

# Namespace names, each after PREFIX ("--netns=").
_srconf_offer_netns()
{
	local prefix=$1 name
	local -a names=()

	mapfile -t names < <(_srconf_netns_names)
	for name in ${names[@]+"${names[@]}"}; do
		[[ $prefix$name == "$cur"* ]] && COMPREPLY+=("$prefix$name")
	done
	return 0
}

# File names, each after PREFIX ("--batch=").
_srconf_offer_files()
{
	local prefix=$1 name
	local -a names=()

	mapfile -t names < <(compgen -f -- "${cur#"$prefix"}")
	for name in ${names[@]+"${names[@]}"}; do
		COMPREPLY+=("$prefix$name")
	done
	compopt -o filenames 2>/dev/null
	return 0
}

# The value of keyword KEY (the current word follows it).
_srconf_offer_value()
{
	local values=${_srconf_key_values[$1]-}

	case $values in
	"") ;;
	@ifname) _srconf_offer_ifnames ;;
	@behavior) _srconf_offer_nocase "${_srconf_behaviors[@]}" ;;
	*)
		local -a list
		read -r -a list <<<"$values"
		_srconf_offer "${list[@]}"
		;;
	esac
}

# _srconf_keywords START ALLOWED: "KEYWORD VALUE" pairs from words[START].
# At a keyword, offer those of ALLOWED not yet given, not excluded by one
# given and whose parent ("cache flow") is given; at a value, its values.
_srconf_keywords()
{
	local start=$1 allowed=$2 j key parent excl
	local -A seen=()

	for ((j = start; j + 1 < cword; j += 2)); do
		[[ -n ${words[j]} ]] && seen[${words[j]}]=${words[j + 1]}
	done
	if (((cword - start) % 2)); then
		[[ -n ${words[cword - 1]} ]] &&
			_srconf_offer_value "${words[cword - 1]}"
		return 0
	fi
	for key in $allowed; do
		[[ -n ${seen[$key]+set} ]] && continue
		for excl in ${_srconf_key_excludes[$key]-}; do
			[[ -n ${seen[$excl]+set} ]] && continue 2
		done
		parent=${_srconf_key_parent[$key]-}
		if [[ -n $parent && ${seen[${parent%% *}]-} != "${parent#* }" ]]; then
			continue
		fi
		_srconf_offer "$key"
	done
	return 0
}

# sid add SID behavior BEHAVIOR [KEYWORD VALUE]...; words[START] is the SID.
_srconf_sid_add()
{
	local start=$1 j behavior="" allowed=behavior

	((cword == start)) && return 0 # the SID
	for ((j = start + 1; j + 1 < cword; j += 2)); do
		[[ ${words[j]} == behavior ]] && behavior=${words[j + 1],,}
	done
	if [[ -n $behavior ]]; then
		[[ -n ${_srconf_behavior_keys[$behavior]+set} ]] || return 0
		allowed=${_srconf_behavior_keys[$behavior]}
	fi
	_srconf_keywords $((start + 1)) "$allowed"
}

# localsid add SID BEHAVIOUR [NEXTHOP] [TARGETIF] [SOURCEIF] [KEYWORD VALUE]...
_srconf_localsid_add()
{
	local start=$1 j=$(($1 + 2)) behavior keys key allowed="" nexthop=""
	local -a names

	((cword == start)) && return 0 # the SID
	if ((cword == start + 1)); then
		names=("${_srconf_behaviors[@],,}")
		_srconf_offer_nocase "${names[@]}"
		return 0
	fi
	behavior=${words[start + 1],,}
	[[ -n ${_srconf_behavior_keys[$behavior]+set} ]] || return 0
	keys=" ${_srconf_behavior_keys[$behavior]} "

	# NEXTHOP := ip ADDR | mac MAC
	[[ $keys == *" nh6 "* || $keys == *" nh4 "* ]] && nexthop=ip
	[[ -n $nexthop && $keys == *" mac "* ]] && nexthop+=" mac"
	if [[ -n $nexthop ]]; then
		if ((cword == j)); then
			# shellcheck disable=SC2086 # "ip" or "ip mac"
			_srconf_offer $nexthop
			return 0
		fi
		((cword == j + 1)) && return 0 # the address
		((j += 2))
	fi
	# TARGETIF, SOURCEIF
	for key in oif iif; do
		[[ $keys == *" $key "* ]] || continue
		if ((cword == j)); then
			_srconf_offer_ifnames
			return 0
		fi
		((j++))
	done
	for key in $keys; do
		case $key in
		nh6 | nh4 | mac | oif | iif) ;;
		segs) allowed+=" segs left" ;;
		*) allowed+=" $key" ;;
		esac
	done
	_srconf_keywords "$j" "$allowed"
}

# Fallback for _init_completion: words, cword and cur from COMP_WORDS and
# COMP_CWORD, with the pieces bash split at COMP_WORDBREAKS characters
# ("fc00" ":" ":" "1", "--netns" "=" "x") glued back when COMP_LINE has no
# blank between them; cur stops at the cursor.
_srconf_get_words()
{
	local line=${COMP_LINE-} i w pos=0 glue

	words=() cword=0 cur=""
	if [[ -z $line ]]; then
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
		cur=${COMP_WORDS[COMP_CWORD]-}
		return 0
	fi
	line=${line:0:${COMP_POINT:-${#line}}}
	for ((i = 0; i <= COMP_CWORD && i < ${#COMP_WORDS[@]}; i++)); do
		glue=1
		while [[ ${line:pos:1} == [[:space:]] ]]; do
			((pos++))
			glue=0
		done
		if ((i == COMP_CWORD)); then
			w=${line:pos}
		else
			w=${COMP_WORDS[i]}
		fi
		((pos += ${#w}))
		if ((glue && i > 0)); then
			words[${#words[@]} - 1]+=$w
		else
			words+=("$w")
		fi
	done
	cword=$((${#words[@]} - 1))
	cur=${words[cword]}
	return 0
}

# Readline replaces only what follows the last COMP_WORDBREAKS character of
# the word ("=" of --netns=NAME, ":" of an address): cut that from replies.
_srconf_ltrim()
{
	local i c prefix=""

	for ((i = ${#cur} - 1; i >= 0; i--)); do
		c=${cur:i:1}
		if [[ $c == [=:] && ${COMP_WORDBREAKS-} == *"$c"* ]]; then
			prefix=${cur:0:i+1}
			break
		fi
	done
	[[ -n $prefix ]] || return 0
	for i in "${!COMPREPLY[@]}"; do
		COMPREPLY[i]=${COMPREPLY[i]#"$prefix"}
	done
}

# What to offer for words[cword]: options, then OBJECT COMMAND ARGUMENTS.
_srconf_complete()
{
	local i=1 w obj=-1 batch=0 netns="" REPLY object command

	# The options end at the first word that is not one, or after "--".
	while ((i < cword)); do
		w=${words[i]}
		case $w in
		--)
			obj=$((i + 1))
			break
			;;
		-n | --netns | -b | --batch)
			if ((i + 1 == cword)); then
				case $w in
				-n | --netns) _srconf_offer_netns "" ;;
				*) _srconf_offer_files "" ;;
				esac
				return 0
			fi
			[[ $w == -b || $w == --batch ]] && batch=1
			[[ $w == -n || $w == --netns ]] && netns=${words[i + 1]}
			((i += 2))
			continue
			;;
		--netns=*) netns=${w#--netns=} ;;
		--batch=*) batch=1 ;;
		-h | --help | -V | --version) return 0 ;; # srconf stops here
		-?*) ;;
		*)
			obj=$i
			break
			;;
		esac
		((i++))
	done

	if ((obj < 0 || obj == cword)); then
		if ((obj < 0)); then
			case $cur in
			--netns=*) _srconf_offer_netns --netns= ;;
			--batch=*) _srconf_offer_files --batch= ;;
			-*) _srconf_offer "${_srconf_options[@]}" ;;
			esac
			[[ $cur == -* ]] && return 0
		fi
		# With -b the commands come from the file.
		((batch)) || _srconf_offer "${_srconf_objects[@]}"
		return 0
	fi
	((batch)) && return 0
	_srconf_resolve "${words[obj]}" "${_srconf_objects[@]}" || return 0
	object=$REPLY

	case $object in
	sid | localsid) ;;
	*) return 0 ;; # monitor, help
	esac
	local -n commands=_srconf_${object}_commands
	if ((cword == obj + 1)); then
		_srconf_offer_commands "${commands[@]}"
		return 0
	fi
	_srconf_resolve "${words[obj + 1]}" "${commands[@]}" || return 0
	command=$REPLY

	case $object.$command in
	sid.add) _srconf_sid_add $((obj + 2)) ;;
	localsid.add) _srconf_localsid_add $((obj + 2)) ;;
	esac
	# del/show/clear-*: a SID, flush/help: nothing.
	return 0
}

_srconf()
{
	# prev is set by _init_completion, unused here.
	# shellcheck disable=SC2034
	local cur prev words cword

	COMPREPLY=()
	if declare -F _init_completion >/dev/null; then
		_init_completion -n =: || return
	else
		_srconf_get_words
	fi
	_srconf_complete
	_srconf_ltrim
	return 0
}

complete -F _srconf srconf
