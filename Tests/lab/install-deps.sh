#!/usr/bin/env bash
# Installs what the lab (interop) tests and benchmarks of TransitBGP need: FRR, BIRD 2, GoBGP,
# OpenBGPD (bgpd/bgpctl), iputils-ping, python3 (the scripted peer, Tests/lab/bgp_peer.py), strongSwan (charon, swanctl),
# iproute2, nftables (`transit-bgp lab fault … silent`), jq, Graphviz (`dot`, for the GraphvizDOT tests), Chromium
# (headless, for the `transit-bgp report` browser test), and
# optionally tshark for wire captures. Idempotent: when every package is already installed and its
# binaries are present, it does nothing and touches no network. Otherwise it runs ONE
# `apt-get update` and installs only the missing packages.
#
# No daemon is started or enabled as a service here: the tests start bgpd / bird / gobgpd
# themselves, inside network namespaces they create, with their own config and socket paths.
#
# Usage (as root): bash Tests/lab/install-deps.sh [--no-tshark]
set -euo pipefail

want_tshark=1
for arg in "$@"; do
    case "$arg" in
        --no-tshark) want_tshark=0 ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "install-deps.sh: unknown argument $arg" >&2; exit 2 ;;
    esac
done

# package:binary pairs; a package counts as present only when dpkg says so AND the binary exists.
required=(
    "frr:/usr/lib/frr/bgpd"
    "frr:/usr/bin/vtysh"
    "bird2:/usr/sbin/bird"
    "bird2:/usr/sbin/birdc"
    "gobgpd:/usr/bin/gobgpd"
    "gobgpd:/usr/bin/gobgp"
    "openbgpd:/usr/sbin/bgpd"
    "openbgpd:/usr/sbin/bgpctl"
    "iputils-ping:/usr/bin/ping"
    "python3:/usr/bin/python3"
    "iproute2:/usr/sbin/ip"
    "nftables:/usr/sbin/nft"
    "jq:/usr/bin/jq"
    "graphviz:/usr/bin/dot"
    "chromium:/usr/bin/chromium"
    "strongswan-swanctl:/usr/sbin/swanctl"
    "strongswan-charon:/usr/lib/ipsec/charon"
    # The lab's IPsec: ESP in user space over TUN (kernel-libipsec); captures of the underlay.
    "libcharon-extra-plugins:/usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so"
    "tcpdump:/usr/bin/tcpdump"
)
optional=()
if [ "$want_tshark" = 1 ]; then
    optional=("tshark:/usr/bin/tshark")
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'; }

missing=()
check() {
    local pair pkg bin
    for pair in "$@"; do
        pkg=${pair%%:*}; bin=${pair#*:}
        if ! installed "$pkg" || [ ! -e "$bin" ]; then
            case " ${missing[*]-} " in *" $pkg "*) ;; *) missing+=("$pkg") ;; esac
        fi
    done
}
check "${required[@]}"
[ ${#optional[@]} -gt 0 ] && check "${optional[@]}"

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: everything already installed"
else
    if [ "$(id -u)" != 0 ]; then
        echo "install-deps: missing ${missing[*]}; run as root to install" >&2
        exit 1
    fi
    echo "install-deps: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # tshark's dependency asks whether non-root users may capture; answer it up front.
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    apt-get update
    if ! apt-get install -y --no-install-recommends "${missing[@]}"; then
        # tshark is optional: retry without it before giving up.
        rest=()
        for pkg in "${missing[@]}"; do [ "$pkg" = tshark ] || rest+=("$pkg"); done
        if [ ${#rest[@]} -eq ${#missing[@]} ] || [ ${#rest[@]} -eq 0 ]; then exit 1; fi
        echo "install-deps: tshark failed to install; continuing without it" >&2
        apt-get install -y --no-install-recommends "${rest[@]}"
    fi
fi

# The packages may ship services; make sure none of them was started by the install.
# (The container has no systemd; with one, policy-rc.d would be the place to stop it.)
missing=()
check "${required[@]}"
if [ ${#missing[@]} -ne 0 ]; then
    echo "install-deps: still missing after install: ${missing[*]}" >&2
    exit 1
fi

printf 'install-deps: '
/usr/lib/frr/bgpd --version 2>/dev/null | head -n1 | tr -d '\n'; printf '; '
bird --version 2>&1 | head -n1 | tr -d '\n'; printf '; '
gobgpd --version 2>/dev/null | head -n1 | tr -d '\n'; printf '; '
printf 'OpenBGPD %s; ' "$(dpkg-query -W -f='${Version}' openbgpd 2>/dev/null)"
ip -V | tr -d '\n'
if command -v tshark >/dev/null; then printf '; '; tshark --version 2>/dev/null | head -n1 | tr -d '\n'; fi
echo
