# expect: oom
# reason: MemoryError
# why: grows by 32 MiB chunks until the address-space limit stops it.
def solve(x):
    hoard = []
    while True:
        hoard.append(bytearray(32 * 2**20))
