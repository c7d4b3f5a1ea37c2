# expect: timeout
# reason: wall-clock
# limits: wall_seconds=3
# why: ignores every catchable signal and spins; the harness kills with SIGKILL.
import signal

for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1,
            signal.SIGXCPU):
    signal.signal(sig, signal.SIG_IGN)


def solve(x):
    while True:
        pass
