#!/usr/bin/env python3
"""A scripted BGP peer for the hostile-peer and hand-made-message tests (standard library only).

Usage: bgp_peer.py --local ADDR --remote ADDR [--port 179] --script JSON [--timeout SECONDS]

Connects from ADDR to the speaker, runs the script (a JSON list of steps) and prints one JSON line
per event on stdout: {"event": "received", "conn": 1, "type": "notification", "code": 6,
"subcode": 2, "data": "hex"}, {"event": "closed", "conn": 1}, {"event": "done"} or
{"event": "error", "message": ...}. Connection 1 is opened first; {"connect": 2} opens another.

Steps (each a JSON object):
  {"send": MESSAGE, "conn": 1}   MESSAGE is one of
      {"open": {"asn": 65001, "hold": 90, "id": "10.0.0.2", "four_octet": true, "refresh": true,
                "enhanced": true, "extended": false, "version": 4}}
      {"keepalive": {}}
      {"update": {"withdrawn": [...], "nlri": [...], "origin": 0, "as_path": [...], "two_octet": false,
                  "as4_path": [...], "next_hop": "A.B.C.D", "communities": [[65001, 1], ...],
                  "attributes_hex": "..." (appended raw path attributes)}}
      {"refresh": {"subtype": 0}}
      {"raw": "hex"}                 bytes as given
      {"garbage": N}                 N octets 0x41
  {"trickle": "hex", "delay": 0.05, "conn": 1}   one octet at a time (slowloris)
  {"await": TYPE, "timeout": 10, "conn": 1}      until a message of TYPE ("open", "keepalive",
                                                  "update", "notification", "refresh") or "closed"
  {"flood_refresh": N, "conn": 1}                N ROUTE-REFRESH, never reading (back-pressure)
  {"connect": N}                                  another connection, numbered N
  {"collect": SECONDS}                            read and report until then (or until closed)
"""
import argparse
import json
import socket
import struct
import sys
import time

MARKER = b"\xff" * 16
TYPES = {1: "open", 2: "update", 3: "notification", 4: "keepalive", 5: "refresh"}


def emit(**fields):
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def message(kind, body=b""):
    return MARKER + struct.pack("!HB", 19 + len(body), kind) + body


def ipv4(text):
    return socket.inet_aton(text)


def prefix(text):
    address, length = text.split("/")
    length = int(length)
    return bytes([length]) + ipv4(address)[: (length + 7) // 8]


def attribute(flags, code, value):
    if len(value) > 255:
        return struct.pack("!BBH", flags | 0x10, code, len(value)) + value
    return struct.pack("!BBB", flags, code, len(value)) + value


def as_path_value(asns, two_octet):
    if not asns:
        return b""
    width = "H" if two_octet else "I"
    return struct.pack("!BB", 2, len(asns)) + b"".join(struct.pack("!" + width, a) for a in asns)


def build(spec):
    if "open" in spec:
        o = spec["open"]
        asn = o.get("asn", 65001)
        four = o.get("four_octet", True)
        caps = b"\x01\x04\x00\x01\x00\x01"  # multiprotocol IPv4 unicast
        if o.get("refresh", True):
            caps += b"\x02\x00"
        if o.get("enhanced", True):
            caps += b"\x46\x00"
        if o.get("extended", False):
            caps += b"\x06\x00"  # Extended Message (RFC 8654)
        if four:
            caps += b"\x41\x04" + struct.pack("!I", asn)
        params = b"\x02" + bytes([len(caps)]) + caps
        my_as = asn if asn <= 0xFFFF else 23456
        body = struct.pack("!BHH", o.get("version", 4), my_as, o.get("hold", 90)) + ipv4(o.get("id", "10.0.0.2"))
        return message(1, body + bytes([len(params)]) + params)
    if "keepalive" in spec:
        return message(4)
    if "refresh" in spec:
        return message(5, struct.pack("!HBB", 1, spec["refresh"].get("subtype", 0), 1))
    if "raw" in spec:
        return bytes.fromhex(spec["raw"])
    if "garbage" in spec:
        return b"\x41" * spec["garbage"]
    u = spec["update"]
    withdrawn = b"".join(prefix(p) for p in u.get("withdrawn", []))
    nlri = b"".join(prefix(p) for p in u.get("nlri", []))
    attrs = b""
    if nlri:
        two = u.get("two_octet", False)
        attrs += attribute(0x40, 1, bytes([u.get("origin", 0)]))
        attrs += attribute(0x40, 2, as_path_value(u.get("as_path", [65001]), two))
        attrs += attribute(0x40, 3, ipv4(u.get("next_hop", "169.254.10.2")))
        if u.get("communities"):
            attrs += attribute(0xC0, 8, b"".join(struct.pack("!HH", a, b) for a, b in u["communities"]))
        if u.get("as4_path"):
            attrs += attribute(0xC0, 17, as_path_value(u["as4_path"], False))
    attrs += bytes.fromhex(u.get("attributes_hex", ""))
    body = struct.pack("!H", len(withdrawn)) + withdrawn + struct.pack("!H", len(attrs)) + attrs + nlri
    return message(2, body)


class Connection:
    def __init__(self, number, local, remote, port):
        self.number = number
        self.buffer = b""
        self.closed = False
        self.sock = socket.create_connection((remote, port), timeout=10, source_address=(local, 0))
        self.sock.setblocking(True)

    def send(self, data):
        try:
            self.sock.sendall(data)
        except OSError as error:
            emit(event="send_failed", conn=self.number, message=str(error))

    def read_one(self, deadline):
        """Reads until one message or close; returns its type name, "closed" or None at the deadline."""
        while True:
            if len(self.buffer) >= 19:
                length, kind = struct.unpack("!HB", self.buffer[16:19])
                if len(self.buffer) >= length >= 19:
                    body, self.buffer = self.buffer[19:length], self.buffer[length:]
                    name = TYPES.get(kind, str(kind))
                    fields = {"event": "received", "conn": self.number, "type": name}
                    if kind == 3:
                        fields.update(code=body[0], subcode=body[1], data=body[2:].hex())
                    elif kind == 5:
                        fields.update(subtype=body[2])
                    elif kind == 2:
                        fields.update(length=length, body=body.hex())
                    emit(**fields)
                    return name
            if self.closed:
                return "closed"
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            self.sock.settimeout(remaining)
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                return None
            except OSError:
                data = b""
            if not data:
                self.closed = True
                emit(event="closed", conn=self.number)
                if len(self.buffer) < 19:
                    return "closed"
            self.buffer += data


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--local", required=True)
    parser.add_argument("--remote", required=True)
    parser.add_argument("--port", type=int, default=179)
    parser.add_argument("--script", required=True)
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    steps = json.loads(args.script)
    end = time.monotonic() + args.timeout
    connections = {1: Connection(1, args.local, args.remote, args.port)}
    for step in steps:
        conn = connections.get(step.get("conn", 1))
        if "connect" in step:
            connections[step["connect"]] = Connection(step["connect"], args.local, args.remote, args.port)
        elif "send" in step:
            conn.send(build(step["send"]))
        elif "trickle" in step:
            for octet in bytes.fromhex(step["trickle"]):
                conn.send(bytes([octet]))
                time.sleep(step.get("delay", 0.05))  # pacing of the slowloris, not a wait
        elif "flood_refresh" in step:
            refresh = message(5, struct.pack("!HBB", 1, 0, 1))
            conn.sock.settimeout(step.get("timeout", 10))
            sent = 0
            try:
                for _ in range(step["flood_refresh"]):
                    conn.sock.sendall(refresh)
                    sent += 1
            except OSError as error:
                emit(event="flood_stopped", conn=conn.number, sent=sent, message=str(error))
            emit(event="flooded", conn=conn.number, sent=sent)
        elif "await" in step:
            deadline = min(end, time.monotonic() + step.get("timeout", 10))
            while True:
                got = conn.read_one(deadline)
                if got == step["await"] or got is None or got == "closed":
                    break
            if got != step["await"]:
                emit(event="error", message="no %s on connection %d (got %s)" % (step["await"], conn.number, got))
                return 1
        elif "collect" in step:
            deadline = min(end, time.monotonic() + step["collect"])
            while conn.read_one(deadline) not in (None, "closed"):
                pass
    emit(event="done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
