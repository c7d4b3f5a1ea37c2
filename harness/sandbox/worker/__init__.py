"""The sandbox worker: the code that runs inside the sandbox, next to the untrusted programs.

This folder is the trust boundary. The harness copies every module of it, and nothing else, into
the sandbox (`harness.sandbox.pool.copy_worker`), where it is the package ``sandbox_worker``; its
modules import each other relatively and import nothing from the project (tests/test_layout.py
checks this), so the sandbox needs neither the project's packages nor their dependencies.

- `runner`: the worker process (pid 1 of the sandbox): preloads libraries, forks per program.
- `session`: one program's run as the worker sees it: clock, calls, watchdog, clean-up.
- `child`: the program's own process: isolation set-up, then the candidate code.
- `hidden_tests`: the separate process that runs an item's hidden pytest tests.
- `procs`: output capture, exit statuses, process usage, kill and reap.
- `wire`: frames and the pickle-free value codec (the harness uses it too).
"""
