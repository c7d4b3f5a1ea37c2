"""Model-based positioning: each anchor's log-distance law (1 m level and exponent) is fitted to
the survey, the tag's mean RSSI at each anchor is turned into a range, and the position is the
weighted least-squares multilateration of those ranges."""
import numpy as np
from scipy.optimize import least_squares


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


def locate_tag(anchors, survey_points, survey_rssi, scans):
    anchors, points, survey, scans = _check(anchors, survey_points, survey_rssi, scans)
    heard = np.isfinite(scans).any(axis=0)
    level = np.nanmean(scans[:, heard], axis=0)
    ranges, where = [], anchors[heard]
    for j, col in enumerate(np.flatnonzero(heard)):
        d = np.maximum(np.linalg.norm(points - anchors[col], axis=1), 0.3)
        slope, intercept = np.polyfit(-10 * np.log10(d), survey[:, col], 1)
        exponent = max(slope, 1.0)
        ranges.append(10 ** ((intercept - level[j]) / (10 * exponent)))
    ranges = np.array(ranges)
    lo, hi = points.min(axis=0) - 0.5, points.max(axis=0) + 0.5
    start = np.clip(where[np.argmin(ranges)] * 0.5 + points.mean(axis=0) * 0.5, lo, hi)
    fit = least_squares(lambda p: (np.linalg.norm(where - p, axis=1) - ranges) / ranges,
                        start, bounds=(lo, hi))
    return float(fit.x[0]), float(fit.x[1])
