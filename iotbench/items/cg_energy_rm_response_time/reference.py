"""Reference solution for cg_energy_rm_response_time."""

import math


def rm_response_times(tasks, blocking=None):
    """Exact response-time analysis under rate-monotonic fixed priorities (ties: list order)."""
    if not tasks:
        raise ValueError("no tasks given")
    parsed = []
    for task in tasks:
        if len(task) not in (2, 3):
            raise ValueError("each task is (c, t) or (c, t, d)")
        c, t = task[0], task[1]
        d = task[2] if len(task) == 3 else t
        if c <= 0 or t <= 0 or d <= 0 or d > t:
            raise ValueError("need c, t, d > 0 and d <= t")
        parsed.append((c, t, d))
    blocking = [0] * len(parsed) if blocking is None else list(blocking)
    if len(blocking) != len(parsed) or any(b < 0 for b in blocking):
        raise ValueError("blocking needs one non-negative value per task")
    order = sorted(range(len(parsed)), key=lambda i: (parsed[i][1], i))   # stable RM order
    responses = [None] * len(parsed)
    for rank, i in enumerate(order):
        c, _, d = parsed[i]
        higher = [parsed[j] for j in order[:rank]]
        r = blocking[i] + c + sum(cj for cj, _, _ in higher)
        while r <= d:
            nxt = blocking[i] + c + sum(math.ceil(r / tj) * cj for cj, tj, _ in higher)
            if nxt == r:
                responses[i] = r
                break
            r = nxt
    n = len(parsed)
    utilization = sum(c / t for c, t, _ in parsed)
    bound = n * (2 ** (1 / n) - 1)
    return {"response_times": responses,
            "schedulable": all(r is not None for r in responses),
            "utilization": utilization, "ll_bound": bound, "ll_test": utilization <= bound}
