# expect: pass
# why: tries TCP, UDP, IPv6, DNS and the host's abstract unix sockets; all must fail (own empty
#      network namespace). Answers correctly only if nothing got through.
import socket


def _reached():
    for family, address in ((socket.AF_INET, ("1.1.1.1", 53)), (socket.AF_INET, ("8.8.8.8", 443)),
                            (socket.AF_INET, ("127.0.0.1", 22)), (socket.AF_INET6, ("::1", 22))):
        try:
            with socket.socket(family, socket.SOCK_STREAM) as conn:
                conn.settimeout(0.5)
                conn.connect(address)
            yield address
        except OSError:
            pass
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as conn:
            conn.sendto(b"x", ("8.8.8.8", 53))
        yield "udp"
    except OSError:
        pass
    try:
        socket.getaddrinfo("pypi.org", 443)
        yield "dns"
    except OSError:
        pass
    for name in ("\0/tmp/.X11-unix/X0", "\0/org/freedesktop/systemd1/notify"):
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
                conn.connect(name)
            yield name
        except OSError:
            pass


def solve(x):
    return x if list(_reached()) else x * 2
