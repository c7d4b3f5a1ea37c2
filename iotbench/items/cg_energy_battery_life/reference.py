"""Reference solution for cg_energy_battery_life."""


def battery_life_days(capacity_mah, phases, usable_fraction=0.8, self_discharge_pct_per_month=0.0):
    """Life in days from the cycle's average current plus self-discharge as a current."""
    if capacity_mah <= 0:
        raise ValueError("capacity must be positive")
    if not 0.0 < usable_fraction <= 1.0:
        raise ValueError("usable_fraction must be in (0, 1]")
    if self_discharge_pct_per_month < 0:
        raise ValueError("self-discharge must be non-negative")
    charge_mas = 0.0          # mA * s over one cycle
    period = 0.0
    for current, duration in phases:
        if current < 0 or duration < 0:
            raise ValueError("currents and durations must be non-negative")
        charge_mas += current * duration
        period += duration
    if period == 0:                       # also catches an empty phase list
        raise ValueError("the cycle has zero length")
    i_self = capacity_mah * self_discharge_pct_per_month / 100.0 / 720.0
    avg = charge_mas / period + i_self
    life = float("inf") if avg == 0 else capacity_mah * usable_fraction / avg / 24.0
    return {"avg_current_ma": avg, "life_days": life, "charge_per_cycle_mah": charge_mas / 3600.0}
