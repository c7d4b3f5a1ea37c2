# expect: pass
# why: fills /tmp with 1 MiB files; its private tmpfs is 16 MiB, so it stops early and answers.
def solve(x):
    written = 0
    try:
        while written < 4096:
            with open(f"/tmp/fill-{written}", "wb") as handle:
                handle.write(b"\0" * 2**20)
            written += 1
    except OSError:
        pass
    return x * 2 if written <= 16 else x
