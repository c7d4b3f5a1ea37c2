# expect: pass
# why: the same in /dev/shm, which is also a private size-limited tmpfs.
def solve(x):
    written = 0
    try:
        while written < 4096:
            with open(f"/dev/shm/fill-{written}", "wb") as handle:
                handle.write(b"\0" * 2**20)
            written += 1
    except OSError:
        pass
    return x * 2 if written <= 16 else x
