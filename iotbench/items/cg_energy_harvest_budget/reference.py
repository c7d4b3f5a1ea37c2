"""Reference solution for cg_energy_harvest_budget."""

import numpy as np


def simulate_harvesting(harvest_mw, load_mw, dt_s, capacity_mj, initial_mj,
                        charge_efficiency=0.9, discharge_efficiency=1.0):
    """Step the energy store: charge surplus (losing overflow), cover deficits or brown out."""
    harvest = np.asarray(harvest_mw, dtype=np.float64)
    load = np.asarray(load_mw, dtype=np.float64)
    if harvest.ndim != 1 or harvest.size == 0 or harvest.shape != load.shape:
        raise ValueError("harvest_mw and load_mw must be non-empty 1-D arrays of equal length")
    if np.any(harvest < 0) or np.any(load < 0):
        raise ValueError("powers must be non-negative")
    if dt_s <= 0 or capacity_mj <= 0 or not 0 <= initial_mj <= capacity_mj:
        raise ValueError("dt_s, capacity_mj or initial_mj out of range")
    if not 0 < charge_efficiency <= 1 or not 0 < discharge_efficiency <= 1:
        raise ValueError("efficiencies must be in (0, 1]")
    stored, wasted, unmet = float(initial_mj), 0.0, 0.0
    storage, brownouts = np.empty(harvest.size), []
    for k in range(harvest.size):
        net = (harvest[k] - load[k]) * dt_s
        if net >= 0:
            stored += net * charge_efficiency
            if stored > capacity_mj:
                wasted += stored - capacity_mj
                stored = capacity_mj
        else:
            need = -net / discharge_efficiency
            if need <= stored:
                stored -= need
            else:
                unmet += (need - stored) * discharge_efficiency
                stored = 0.0
                brownouts.append(k)
        storage[k] = stored
    return {"storage_mj": storage, "wasted_mj": wasted, "unmet_mj": unmet,
            "brownout_steps": brownouts, "energy_neutral": stored >= initial_mj}
