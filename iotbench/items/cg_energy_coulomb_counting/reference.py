"""Reference solution for cg_energy_coulomb_counting."""

import numpy as np


def coulomb_count_soc(t_s, current_ma, capacity_mah, soc0, charge_efficiency=1.0):
    """Trapezoidal coulomb counting; charging scaled by the efficiency; SoC clamped each step."""
    t = np.asarray(t_s, dtype=np.float64)
    i = np.asarray(current_ma, dtype=np.float64)
    if t.ndim != 1 or t.size == 0 or t.shape != i.shape:
        raise ValueError("t_s and current_ma must be non-empty 1-D arrays of equal length")
    if np.any(np.diff(t) <= 0):
        raise ValueError("t_s must be strictly increasing")
    if capacity_mah <= 0 or not 0.0 <= soc0 <= 1.0 or not 0.0 < charge_efficiency <= 1.0:
        raise ValueError("capacity, soc0 or charge_efficiency out of range")
    soc = np.empty(t.size)
    soc[0] = soc0
    discharged = charged = 0.0
    for k in range(1, t.size):
        i_avg = (i[k - 1] + i[k]) / 2.0
        dq = i_avg * (t[k] - t[k - 1]) / 3600.0
        if i_avg < 0:
            dq *= charge_efficiency
            charged -= dq
        else:
            discharged += dq                 # dq >= 0 here
        soc[k] = min(1.0, max(0.0, soc[k - 1] - dq / capacity_mah))
    return soc, discharged, charged
