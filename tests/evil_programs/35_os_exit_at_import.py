# expect: runtime_error
# reason: exited with code 3
# why: exits while the module loads.
import os

os._exit(3)
