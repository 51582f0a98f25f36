#!/bin/sh
# The isolated PC/SC lab (../shared/docs/system-setup.md), driven by tests/helpers/pcsc-lab.ts. Two roles:
#   pcsc-lab.sh net              in a new network namespace: loopback with quickack, then holds the namespace
#   pcsc-lab.sh pcscd LAB_DIR    inside it, in a new private mount namespace: becomes pcscd (same PID) with only
#                                the vpcd reader of LAB_DIR/reader.conf.d and a private /run/pcscd, whose socket
#                                clients outside reach as LAB_DIR/run-pcscd/pcscd.comm (PCSCLITE_CSOCK_NAME).
set -eu
case "$1" in
net)
  ip link set lo up
  # vpcd writes the length and the APDU in two writes: without quickack each APDU waits for a delayed ACK.
  ip route change local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 quickack 1
  ip route change local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 quickack 1
  echo ready
  exec sleep 2147483647
  ;;
pcscd)
  LAB="$2"
  # A private tmpfs on /run: pcscd sees no udev database (so no USB reader of the host), and nothing is created
  # in the host's /run; the bind mount then gives clients outside a path to the socket.
  mount -t tmpfs -o mode=0755,size=1m pcsc-lab-run /run
  mkdir -p /run/pcscd
  mount --bind "$LAB/run-pcscd" /run/pcscd
  exec pcscd --foreground --config "$LAB/reader.conf.d"
  ;;
esac
echo "usage: pcsc-lab.sh net | pcscd LAB_DIR" >&2
exit 2
