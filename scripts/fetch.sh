#!/usr/bin/env bash
# Bring Debian packages into the download cache and print their paths, one
# a line:
#   scripts/fetch.sh deb DEBARCH PKG...  binary packages of DEBARCH from
#                                        bookworm (+ updates, security)
#   scripts/fetch.sh src PKG             a source package from trixie: the
#                                        path of its .dsc, files beside it
# The cache ($KDTEST_CACHE, default ~/.cache/crash-hotplug-6.1) keeps every
# file under its name and version and outlives clones, like ~/.ccache: what
# is in it is never fetched again. The versions are the candidates of a
# private apt index (work/apt; the machine's own sources are not touched).
# KDTEST_APT_SOURCES=FILE reads another source list (deb822) instead;
# when the index cannot be read (no network; KDTEST_APT_SOURCES=/dev/null
# plays that), the newest cached version is taken. When the candidate cannot
# be downloaded (a mirror mid-sync answers 404), an older version the index
# still lists is tried. What can be had neither way stops the run with one
# line naming the package, the version and the suite. Versions are looked
# up, and missing files downloaded, with one apt call per package list:
# apt reads its whole index on every call.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:?deb or src}
shift
cache=${KDTEST_CACHE:-$HOME/.cache/crash-hotplug-6.1}
state=$top/work/apt
mkdir -p "$cache/deb" "$cache/src" "$state/cache/archives/partial"

sources=${KDTEST_APT_SOURCES:-$state/debian.sources}
# the Debian architectures of every guest arch (DEBARCH of arch/*.conf)
debarches=$(for c in "$top"/arch/*.conf; do (. "$top/scripts/arch.sh" "$(basename "$c" .conf)"; echo "$DEBARCH"); done | sort -u | xargs)
if [ -z "${KDTEST_APT_SOURCES:-}" ]; then
	cat >"$sources.new" <<EOS
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Architectures: $debarches
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Architectures: $debarches
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOS
	mv "$sources.new" "$sources"
fi
# another source list gets its own lists (an update drops what its list
# does not name)
lists=$state/lists
[ -z "${KDTEST_APT_SOURCES:-}" ] || lists=$state/lists-$(echo "$sources" | md5sum | cut -c1-8)
mkdir -p "$lists/partial"
apt=(-q -o Dir::Etc::sourcelist="$sources" -o Dir::Etc::sourceparts=-
	-o Dir::State::Lists="$lists" -o Dir::State::status=/dev/null
	-o Dir::Cache="$state/cache" -o APT::Sandbox::User=root)

# The index is read once per run of make (a stamp newer than an hour),
# not once per package list; a failed update leaves whatever lists exist.
stamp=$state/updated
if [ -z "$(find "$stamp" -mmin -60 2>/dev/null)" ] || [ -n "${KDTEST_APT_SOURCES:-}" ]; then
	apt-get "${apt[@]}" update >"$state/update.log" 2>&1 ||
		echo "fetch: apt-get update had errors (see $state/update.log), using what is indexed and cached" >&2
	touch "$stamp"
fi

# encode VERSION: the epoch's colon as apt writes it in file names
encode() { echo "${1//:/%3a}"; }

# newest DIR PREFIX [SUFFIX...]: the newest version (by dpkg's ordering)
# among cached entries named PREFIX<version>SUFFIX
newest() {
	local dir=$1 pre=$2 best= v f s
	shift 2
	[ $# -gt 0 ] || set -- ""
	for s in "$@"; do for f in "$dir/$pre"*"$s"; do
		[ -e "$f" ] || continue
		v=${f#"$dir/$pre"}
		v=${v%"$s"}
		v=${v//%3a/:}
		if [ -z "$best" ] || dpkg --compare-versions "$v" gt "$best"; then best=$v; fi
	done; done
	echo "$best"
}

# versions KIND NAME[:ARCH]: "VERSION SUITE" lines, the candidate first,
# then the older versions the index lists (binary: apt-cache policy;
# source: apt-cache showsrc)
versions() {
	if [ "$1" = deb ]; then
		awk -v n="$2" '$1 == n { print $2, $3 }' "$policy"
	else
		apt-cache "${apt[@]}" showsrc --only-source "$2" 2>/dev/null |
			awk '/^Version:/ { print $2, "trixie" }' | sort -u -k1,1 -r -V
	fi
}

# policy_all DEBARCH NAME...: write "NAME VERSION SUITE" lines to $policy,
# each package's candidate first, from one apt-cache call (apt reads its
# whole index for each call: a call per package costs seconds each)
policy_all() {
	local arch=$1
	shift
	apt-cache "${apt[@]}" policy "${@/%/:$arch}" 2>/dev/null | awk '
		function flush(i) {
			if (name == "") return
			if (cand != "" && cand != "(none)") print name, cand, suite[cand]
			for (i = 0; i < n; i++) if (order[i] != cand) print name, order[i], suite[order[i]]
		}
		/^[^ ].*:$/ { flush(); name = $0; sub(":$", "", name); sub(":.*", "", name)
			cand = ""; n = 0; table = 0; v = ""; delete suite; delete seen; next }
		/^  Candidate:/ { cand = $2 }
		/^  Version table:/ { table = 1; next }
		/^ +(\*\*\* )?[^ ]+ [0-9-]+$/ && table { v = $(NF - 1) }
		/^        [0-9-]+ http/ && table && v != "" { s = $3; sub("/.*", "", s); if (!(v in seen)) { seen[v] = 1; suite[v] = s; order[n++] = v } }
		END { flush() }' >"$policy"
}

# cached_deb DEBARCH NAME VERSION: print the cached .deb of that version
# (of DEBARCH or arch all); fail if there is none
cached_deb() {
	local f
	for f in "$cache/deb/${2}_$(encode "$3")_"{"$1",all}.deb; do
		[ ! -s "$f" ] || { echo "$f"; return 0; }
	done
	return 1
}

# prefetch DEBARCH: download every candidate of $policy that is not cached,
# with one apt-get call; what fails is left to get_deb
prefetch() {
	local arch=$1 name v suite f want=() tmp
	while read -r name v suite; do
		[ -z "${got[$name]:-}" ] || continue
		got[$name]=1
		cached_deb "$arch" "$name" "$v" >/dev/null || want+=("$name:$arch=$v")
	done <"$policy"
	[ "${#want[@]}" -gt 0 ] || return 0
	tmp=$(mktemp -d "$cache/deb/.dl.XXXXXX")
	(cd "$tmp" && apt-get "${apt[@]}" download "${want[@]}") >"$tmp/log" 2>&1 || true
	for f in "$tmp"/*.deb; do
		[ ! -s "$f" ] || mv "$f" "$cache/deb/"
	done
	rm -rf "$tmp"
}

# why LOG: apt's reason for a failed download, on one line
why() {
	local r
	r=$(grep -oE '[0-9]{3} +[A-Za-z ]+|Hash Sum mismatch|File has unexpected size[^]]*|Unable to locate[^$]*|Can not find version[^$]*' "$1" | head -n1)
	echo "${r:-apt-get failed}" | tr -s ' ' | sed 's/ *$//'
}

# get_deb DEBARCH NAME: print the cached .deb of NAME, fetching it first
get_deb() {
	local arch=$1 name=$2 v suite f tmp tried= reason=
	while read -r v suite; do
		[ -n "$v" ] || continue
		! cached_deb "$arch" "$name" "$v" || return 0
		tmp=$(mktemp -d "$cache/deb/.dl.XXXXXX")
		if (cd "$tmp" && apt-get "${apt[@]}" download "$name:$arch=$v") >"$tmp/log" 2>&1 &&
			f=$(ls "$tmp"/*.deb 2>/dev/null) && [ -s "$f" ]; then
			mv "$f" "$cache/deb/"
			rm -rf "$tmp"
			[ -z "$tried" ] || echo "fetch: $tried; took $name $v ($arch, $suite) instead" >&2
			echo "$cache/deb/$(basename "$f")"
			return 0
		fi
		reason=$(why "$tmp/log")
		[ -n "$tried" ] || tried="cannot fetch $name $v ($arch, $suite): $reason"
		rm -rf "$tmp"
	done < <(versions deb "$name")
	v=$(newest "$cache/deb" "${name}_" "_$arch.deb" _all.deb)
	if [ -n "$v" ] && f=$(cached_deb "$arch" "$name" "$v"); then
		echo "fetch: ${tried:-$name:$arch is not in the apt index}; using cached $v" >&2
		echo "$f"
		return 0
	fi
	echo "fetch: ${tried:-cannot fetch $name ($arch, bookworm): not in the apt index}, and not in $cache/deb" >&2
	return 1
}

# get_src NAME: print the cached .dsc of source package NAME, fetching it
get_src() {
	local name=$1 v suite d tmp tried= reason=
	while read -r v suite; do
		[ -n "$v" ] || continue
		d=$cache/src/${name}_$(encode "$v")
		if [ -s "$d/.complete" ]; then echo "$d/$(cat "$d/.complete")"; return 0; fi
		tmp=$(mktemp -d "$cache/src/.dl.XXXXXX")
		if (cd "$tmp" && apt-get "${apt[@]}" source --download-only "$name=$v") >"$tmp/log" 2>&1; then
			rm -rf "$d"
			mkdir -p "$d"
			mv "$tmp"/*.dsc "$tmp"/*.tar.* "$d/"
			rm -rf "$tmp"
			(cd "$d" && ls -- *.dsc) >"$d/.complete"
			[ -z "$tried" ] || echo "fetch: $tried; took $name $v (source, $suite) instead" >&2
			echo "$d/$(cat "$d/.complete")"
			return 0
		fi
		reason=$(why "$tmp/log")
		[ -n "$tried" ] || tried="cannot fetch source $name $v ($suite): $reason"
		rm -rf "$tmp"
	done < <(versions src "$name")
	v=$(newest "$cache/src" "${name}_")
	d=$cache/src/${name}_$(encode "${v:-none}")
	if [ -n "$v" ] && [ -s "$d/.complete" ]; then
		echo "fetch: ${tried:-source $name is not in the apt index}; using cached $v" >&2
		echo "$d/$(cat "$d/.complete")"
		return 0
	fi
	echo "fetch: ${tried:-cannot fetch source $name (trixie): not in the apt index}, and not in $cache/src" >&2
	return 1
}

case "$mode" in
deb)
	arch=${1:?debarch}
	shift
	policy=$(mktemp)
	trap 'rm -f "$policy"' EXIT
	declare -A got
	policy_all "$arch" "$@"
	prefetch "$arch"
	for p in "$@"; do get_deb "$arch" "$p"; done
	;;
src) get_src "${1:?package}" ;;
*) echo "fetch: deb or src, not $mode" >&2; exit 1 ;;
esac
