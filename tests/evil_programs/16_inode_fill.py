# expect: pass
# why: creates empty files until the filesystem refuses; the tmpfs has an inode limit, so kernel
#      memory cannot be filled with millions of empty files.
import os


def solve(x):
    count = 0
    try:
        while count < 10**6:
            os.close(os.open(f"f{count}", os.O_CREAT | os.O_WRONLY))
            count += 1
    except OSError:
        pass
    return x * 2 if count < 10**5 else x
