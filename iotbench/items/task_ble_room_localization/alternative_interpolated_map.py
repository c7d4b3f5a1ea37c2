"""Maximum-likelihood search on an interpolated radio map: the survey fingerprints are
interpolated (piecewise linear) onto a fine grid; at every grid point the tag's unknown level
relative to the survey tag is fitted (it is common to all anchors), and the position is the
likelihood-weighted mean of the best-fitting grid points. Anchors are weighted by how many of
the tag's advertisements they received."""
import numpy as np
from scipy.interpolate import LinearNDInterpolator


def _check(anchors, survey_points, survey_rssi, scans):
    anchors = np.asarray(anchors, dtype=float)
    points = np.asarray(survey_points, dtype=float)
    survey = np.asarray(survey_rssi, dtype=float)
    scans = np.asarray(scans, dtype=float)
    if anchors.ndim != 2 or anchors.shape[1] != 2:
        raise ValueError("anchors must have shape (a, 2)")
    a = anchors.shape[0]
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError("survey_points must have shape (m, 2)")
    if survey.shape != (points.shape[0], a):
        raise ValueError("survey_rssi must have shape (m, a)")
    if scans.ndim != 2 or scans.shape[1] != a:
        raise ValueError("scans must be 2-D with one column per anchor")
    if not np.isfinite(scans).any():
        raise ValueError("no anchor received the tag")
    return anchors, points, survey, scans


STEP = 0.25
NOISE_DB = 3.0


def locate_tag(anchors, survey_points, survey_rssi, scans):
    _anchors, points, survey, scans = _check(anchors, survey_points, survey_rssi, scans)
    counts = np.isfinite(scans).sum(axis=0)
    heard = counts > 0
    level = np.nanmean(scans[:, heard], axis=0)
    weight = counts[heard] / (counts[heard] + 2.0)  # few readings: noisier mean
    lo, hi = points.min(axis=0), points.max(axis=0)
    gx, gy = np.meshgrid(np.arange(lo[0], hi[0] + 1e-9, STEP), np.arange(lo[1], hi[1] + 1e-9, STEP))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    try:
        fine = LinearNDInterpolator(points, survey[:, heard])(grid)
        ok = np.isfinite(fine).all(axis=1)
        grid, fine = grid[ok], fine[ok]
    except (ValueError, RuntimeError):  # degenerate survey layout (e.g. collinear points)
        grid, fine = points, survey[:, heard]
    if len(grid) == 0:
        grid, fine = points, survey[:, heard]
    diff = level[None] - fine
    offset = (diff * weight).sum(axis=1, keepdims=True) / weight.sum()
    cost = ((diff - offset) ** 2 * weight).sum(axis=1) / weight.sum()
    like = np.exp(-(cost - cost.min()) / (2 * NOISE_DB ** 2 / max(1.0, weight.sum())))
    x, y = (grid * like[:, None]).sum(axis=0) / like.sum()
    return float(x), float(y)
