#!/usr/bin/env bash
# Install everything the demo and the tests need, with apt-get. Idempotent:
# packages already installed are skipped, apt-get update runs only when
# something is missing.
#   scripts/deps.sh [PACKAGE...]   also the packages named (make peer:
#   linux-source-6.12, scripts/workspace-mainline.sh)
set -euo pipefail

# busybox-static, kexec-tools and makedumpfile are not installed on the
# host: scripts/sysroot.sh fetches them as .debs of the guest's architecture
# for the initramfs (and Debian's kexec-tools would add a kexec service to
# the host).
pkgs=(
	linux-source-6.1 build-essential flex bison bc libelf-dev libssl-dev
	cpio xz-utils ccache python3 perl git debian-archive-keyring
	python3-ply python3-git qemu-system-data gnuplot-nox crash
)
# each arch's own: its cross compiler and QEMU (HOST_PKGS of arch/*.conf)
top=$(cd "$(dirname "$0")/.." && pwd)
for conf in "$top"/arch/*.conf; do
	# shellcheck disable=SC2207
	pkgs+=($(. "$top/scripts/arch.sh" "$(basename "$conf" .conf)"; echo "$HOST_PKGS"))
done
pkgs+=("$@")

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q || echo "deps: apt-get update had errors, trying anyway" >&2
	apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
