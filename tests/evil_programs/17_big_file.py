# expect: pass
# why: one file of 100 MiB; RLIMIT_FSIZE (8 MiB here) stops the write.
def solve(x):
    size = 0
    try:
        with open("/tmp/big", "wb") as handle:
            for _ in range(100):
                handle.write(b"\0" * 2**20)
                size += 1
    except OSError:
        pass
    return x * 2 if size <= 8 else x
