"""Reference solution for cg_energy_edf_demand."""

import math
from fractions import Fraction


def edf_demand_test(tasks):
    """Processor-demand test: dbf(x) <= x at every absolute deadline up to lcm(T) + max(D)."""
    if not tasks:
        raise ValueError("no tasks given")
    for task in tasks:
        if len(task) != 3 or any(isinstance(v, bool) or not isinstance(v, int) for v in task):
            raise ValueError("each task must be a (c, t, d) tuple of ints")
        c, t, d = task
        if c < 1 or t < 1 or not 1 <= d <= t:
            raise ValueError("need c >= 1, t >= 1 and 1 <= d <= t")
    utilization = sum(Fraction(c, t) for c, t, _ in tasks)       # exact comparison with 1
    if utilization > 1:
        return {"schedulable": False, "first_miss": None, "utilization": float(utilization),
                "checked_points": 0}
    horizon = math.lcm(*(t for _, t, _ in tasks)) + max(d for _, _, d in tasks)
    points = sorted({x for _, t, d in tasks for x in range(d, horizon + 1, t)})
    for count, x in enumerate(points, start=1):
        demand = sum(((x - d) // t + 1) * c for c, t, d in tasks if x >= d)
        if demand > x:
            return {"schedulable": False, "first_miss": x, "utilization": float(utilization),
                    "checked_points": count}
    return {"schedulable": True, "first_miss": None, "utilization": float(utilization),
            "checked_points": len(points)}
