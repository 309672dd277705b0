"""Numba kernels of the pursue–withdraw model: arrays in, arrays out, no Python objects.

The equations are those of ``docs/model.md``; :mod:`tandem.dynamics.reference` is the slow,
obviously-correct NumPy version the tests compare these kernels with. Parameter arrays have
shape ``(n_couples, n_params)`` in the column order of ``models.PARAM_NAMES``; adherence arrays
have shape ``(n_couples, 8)``: partner A's four channels (soften, space, validate, break), then
partner B's.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from tandem.dynamics.models import COLUMN

# Column indices, read by Numba as compile-time constants.
_NEED_A = COLUMN["need_a"]
_NEED_B = COLUMN["need_b"]
_ETA_A = COLUMN["reactivity_a"]
_ETA_B = COLUMN["reactivity_b"]
_PSI_A = COLUMN["anxiety_a"]
_PSI_B = COLUMN["anxiety_b"]
_PHI_A = COLUMN["flooding_a"]
_PHI_B = COLUMN["flooding_b"]
_H_A = COLUMN["arousal_gain_a"]
_H_B = COLUMN["arousal_gain_b"]
_BURN_A = COLUMN["burnout_a"]
_BURN_B = COLUMN["burnout_b"]
_REC_A = COLUMN["recovery_a"]
_REC_B = COLUMN["recovery_b"]
_E_A = COLUMN["energy_a"]
_E_B = COLUMN["energy_b"]
_SEC_A = COLUMN["security_a"]
_SEC_B = COLUMN["security_b"]
_SAT = COLUMN["satisfaction"]
_K0 = COLUMN["base_closeness"]
_KAPPA = COLUMN["coupling"]
_OMEGA = COLUMN["security_weight"]
_RHO = COLUMN["responsiveness"]
_RHO_X = COLUMN["arousal_rate"]
_TRIGGER = COLUMN["trigger"]
_NOISE = COLUMN["noise"]
_TURNS = COLUMN["turns"]
_RATE = COLUMN["conflict_rate"]
_SEC_RATE = COLUMN["security_rate"]
_SAT_RATE = COLUMN["satisfaction_rate"]
_PRACTICE = COLUMN["practice_rate"]
_QMAX = COLUMN["adherence_max"]
_SLIP = COLUMN["slip_arousal"]

# Strength of each practised channel (docs/model.md, "Turn equations").
SOFTEN = 0.7
SPACE = 0.7
VALIDATE = 0.3
BREAK_FELT = 0.6
BREAK_CALM = 0.4
RESIGN = 0.5
"""Satisfaction lost per unit of spent energy (burnout costs satisfaction)."""
BURNT_OUT = 0.2
"""Energy below which a partner counts as burnt out."""

N_SUMMARY = 12
"""Conflict summary columns: P_A, P_B, W_A, W_B, |g_A|, |g_B|, intensity, m_A, m_B, x_A, x_B, T."""
N_DAILY = 12
"""Daily record columns: P_A, P_B, W_A, W_B, intensity, S_A, S_B, e_A, e_B, σ_A, σ_B, conflict."""
N_RUN = 14
"""Columns of a run summary (see ``results.RUN_COLUMNS``)."""

_SQRT6 = np.sqrt(6.0)
_MULT = np.uint64(0x2545F4914F6CDD1D)
_INV32 = 1.0 / 4294967296.0
_INV16 = 1.0 / 65536.0


@njit(cache=True, inline="always")
def _next(state: np.uint64) -> np.uint64:
    """One xorshift64* step (the state must never be 0)."""
    state ^= state >> np.uint64(12)
    state ^= state << np.uint64(25)
    state ^= state >> np.uint64(27)
    return state


@njit(cache=True, inline="always")
def _pair_noise(state: np.uint64) -> tuple[float, float]:
    """Two centred unit-variance (triangular) draws from one 64-bit output."""
    r = state * _MULT
    a = (
        float(r & np.uint64(0xFFFF)) * _INV16
        + float((r >> np.uint64(16)) & np.uint64(0xFFFF)) * _INV16
    )
    b = (
        float((r >> np.uint64(32)) & np.uint64(0xFFFF)) * _INV16
        + float(r >> np.uint64(48)) * _INV16
    )
    return (a - 1.0) * _SQRT6, (b - 1.0) * _SQRT6


@njit(cache=True, inline="always")
def uniform(state: np.uint64) -> float:
    """A uniform draw in [0, 1) from one xorshift64* output."""
    return float((state * _MULT) >> np.uint64(32)) * _INV32


@njit(cache=True, fastmath=True)
def conflict(
    prm: np.ndarray,
    c: int,
    e_a: float,
    e_b: float,
    s_a: float,
    s_b: float,
    q: np.ndarray,
    state: np.uint64,
    rec: np.ndarray,
    hold_a_from: int,
) -> tuple[np.ndarray, np.uint64]:
    """Run one conflict of couple ``c`` and return its summary and the new noise state.

    ``q`` is the couple's adherence row (8 values); ``rec`` of shape ``(turns + 1, 4)`` receives
    ``m_A, m_B, x_A, x_B`` per turn when it has rows; from turn ``hold_a_from`` on (if ``>= 0``)
    A's pursuit is held at zero.
    """
    need_a = prm[c, _NEED_A]
    need_b = prm[c, _NEED_B]
    eta_a = prm[c, _ETA_A]
    eta_b = prm[c, _ETA_B]
    psi_a = prm[c, _PSI_A]
    psi_b = prm[c, _PSI_B]
    phi_a = prm[c, _PHI_A]
    phi_b = prm[c, _PHI_B]
    h_a = prm[c, _H_A]
    h_b = prm[c, _H_B]
    k0 = prm[c, _K0]
    kappa = prm[c, _KAPPA]
    omega = prm[c, _OMEGA]
    rho = prm[c, _RHO]
    rho_x = prm[c, _RHO_X]
    noise = prm[c, _NOISE]
    inv_slip = 1.0 / prm[c, _SLIP]
    turns = int(prm[c, _TURNS])
    base_a = k0 + omega * s_a
    base_b = k0 + omega * s_b
    m_a = 0.0
    m_b = 0.0
    x_a = prm[c, _TRIGGER]
    x_b = x_a
    sum_pa = 0.0
    sum_pb = 0.0
    sum_wa = 0.0
    sum_wb = 0.0
    sum_ga = 0.0
    sum_gb = 0.0
    sum_x = 0.0
    record = rec.shape[0] > 0
    practising = False
    for k in range(8):
        if q[k] != 0.0:
            practising = True
    if record:
        rec[0, 0] = m_a
        rec[0, 1] = m_b
        rec[0, 2] = x_a
        rec[0, 3] = x_b
    for t in range(turns):
        p_a = max(m_a, 0.0)
        w_a = max(-m_a, 0.0)
        p_b = max(m_b, 0.0)
        w_b = max(-m_b, 0.0)
        if practising:
            r = x_a * inv_slip
            r *= r
            slip_a = 1.0 / (1.0 + r * r)
            r = x_b * inv_slip
            r *= r
            slip_b = 1.0 / (1.0 + r * r)
        else:  # every adherence is 0, so slip does not matter; skip two divisions
            slip_a = 1.0
            slip_b = 1.0
        pa_felt = p_a * (1.0 - SOFTEN * q[0] * slip_a)
        wa_felt = w_a * (1.0 - BREAK_FELT * q[3] * slip_a)
        pb_felt = p_b * (1.0 - SOFTEN * q[4] * slip_b)
        wb_felt = w_b * (1.0 - BREAK_FELT * q[7] * slip_b)
        g_a = need_a - (base_a + kappa * (pb_felt - wb_felt) + VALIDATE * q[6] * slip_b)
        g_b = need_b - (base_b + kappa * (pa_felt - wa_felt) + VALIDATE * q[2] * slip_a)
        z_a = eta_a * (1.0 + h_a * x_a) * g_a
        mh_a = z_a / (1.0 + abs(z_a))
        if z_a > 0.0:
            mh_a *= e_a * (1.0 - SPACE * q[1] * slip_a)
        z_b = eta_b * (1.0 + h_b * x_b) * g_b
        mh_b = z_b / (1.0 + abs(z_b))
        if z_b > 0.0:
            mh_b *= e_b * (1.0 - SPACE * q[5] * slip_b)
        th_a = psi_a * wb_felt + phi_a * pb_felt * (1.0 - BREAK_CALM * q[3] * slip_a)
        th_b = psi_b * wa_felt + phi_b * pa_felt * (1.0 - BREAK_CALM * q[7] * slip_b)
        th_a = min(max(th_a, 0.0), 1.0)
        th_b = min(max(th_b, 0.0), 1.0)
        m_a += rho * (mh_a - m_a)
        m_b += rho * (mh_b - m_b)
        if noise > 0.0:
            state = _next(state)
            n_a, n_b = _pair_noise(state)
            m_a += noise * n_a
            m_b += noise * n_b
        m_a = min(max(m_a, -1.0), 1.0)
        m_b = min(max(m_b, -1.0), 1.0)
        if 0 <= hold_a_from <= t:
            m_a = min(m_a, 0.0)
        x_a += rho_x * (th_a - x_a)
        x_b += rho_x * (th_b - x_b)
        sum_pa += max(m_a, 0.0)
        sum_pb += max(m_b, 0.0)
        sum_wa += max(-m_a, 0.0)
        sum_wb += max(-m_b, 0.0)
        sum_ga += abs(g_a)
        sum_gb += abs(g_b)
        sum_x += 0.5 * (x_a + x_b)
        if record:
            rec[t + 1, 0] = m_a
            rec[t + 1, 1] = m_b
            rec[t + 1, 2] = x_a
            rec[t + 1, 3] = x_b
    out = np.empty(N_SUMMARY)
    inv = 1.0 / max(turns, 1)
    out[0] = sum_pa * inv
    out[1] = sum_pb * inv
    out[2] = sum_wa * inv
    out[3] = sum_wb * inv
    out[4] = sum_ga * inv
    out[5] = sum_gb * inv
    out[6] = sum_x * inv
    out[7] = m_a
    out[8] = m_b
    out[9] = x_a
    out[10] = x_b
    out[11] = turns
    return out, state


@njit(cache=True, parallel=True)
def conflict_ensemble(
    prm: np.ndarray, days0: np.ndarray, q: np.ndarray, seeds: np.ndarray
) -> np.ndarray:
    """One conflict per couple (the turn model alone): summaries of shape ``(n, N_SUMMARY)``.

    ``days0`` of shape ``(n, 4)`` holds ``e_A, e_B, σ_A, σ_B``; ``seeds`` (uint64, non-zero) the
    per-couple noise states.
    """
    n = prm.shape[0]
    out = np.empty((n, N_SUMMARY))
    empty = np.empty((0, 4))
    for c in prange(n):
        res, _ = conflict(
            prm, c, days0[c, 0], days0[c, 1], days0[c, 2], days0[c, 3], q[c], seeds[c], empty, -1
        )
        out[c] = res
    return out


@njit(cache=True, parallel=True)
def conflict_ensemble_recorded(
    prm: np.ndarray, days0: np.ndarray, q: np.ndarray, seeds: np.ndarray, rec: np.ndarray
) -> np.ndarray:
    """As :func:`conflict_ensemble`, also writing every turn into ``rec`` ``(n, T + 1, 4)``."""
    n = prm.shape[0]
    out = np.empty((n, N_SUMMARY))
    for c in prange(n):
        res, _ = conflict(
            prm, c, days0[c, 0], days0[c, 1], days0[c, 2], days0[c, 3], q[c], seeds[c], rec[c], -1
        )
        out[c] = res
    return out


@njit(cache=True, parallel=True)
def run_days(
    prm: np.ndarray,
    q_start: np.ndarray,
    n_days: int,
    seeds: np.ndarray,
    daily: np.ndarray,
) -> np.ndarray:
    """Simulate ``n_days`` days for every couple; returns run summaries ``(n, N_RUN)``.

    ``q_start`` of shape ``(n, 8)``: day each channel starts (``inf`` for never). ``daily`` of
    shape ``(n, n_days, N_DAILY)`` receives the day-by-day record when it has rows (pass
    shape ``(0, 0, N_DAILY)`` to keep summaries only: memory then does not grow with days).
    """
    n = prm.shape[0]
    out = np.empty((n, N_RUN))
    record = daily.shape[0] > 0
    empty = np.empty((0, 4))
    for c in prange(n):
        state = seeds[c]
        e_a = prm[c, _E_A]
        e_b = prm[c, _E_B]
        s_a = prm[c, _SEC_A]
        s_b = prm[c, _SEC_B]
        sat_a = prm[c, _SAT]
        sat_b = sat_a
        q = np.zeros(8)
        qmax = prm[c, _QMAX]
        practice = prm[c, _PRACTICE]
        rate = prm[c, _RATE]
        sec_rate = prm[c, _SEC_RATE]
        sat_rate = prm[c, _SAT_RATE]
        k0 = prm[c, _K0]
        omega = prm[c, _OMEGA]
        burn_day_a = -1.0
        burn_day_b = -1.0
        n_conf = 0
        sum_x = 0.0
        sum_pa = 0.0
        sum_pb = 0.0
        sum_wa = 0.0
        sum_wb = 0.0
        for d in range(n_days):
            state = _next(state)
            is_conflict = uniform(state) < rate
            if is_conflict:
                for k in range(8):
                    if d >= q_start[c, k]:
                        q[k] += practice * (qmax - q[k])
                res, state = conflict(prm, c, e_a, e_b, s_a, s_b, q, state, empty, -1)
                pa, pb, wa, wb = res[0], res[1], res[2], res[3]
                x = res[6]
                e_a = min(
                    max(
                        e_a + prm[c, _REC_A] * (1.0 - e_a) - prm[c, _BURN_A] * max(pa - pb, 0.0),
                        0.0,
                    ),
                    1.0,
                )
                e_b = min(
                    max(
                        e_b + prm[c, _REC_B] * (1.0 - e_b) - prm[c, _BURN_B] * max(pb - pa, 0.0),
                        0.0,
                    ),
                    1.0,
                )
                s_a += sec_rate * (pb - s_a)
                s_b += sec_rate * (pa - s_b)
                sat_a += sat_rate * (1.0 - res[4] - x - RESIGN * (1.0 - e_a) - sat_a)
                sat_b += sat_rate * (1.0 - res[5] - x - RESIGN * (1.0 - e_b) - sat_b)
                n_conf += 1
                sum_x += x
                sum_pa += pa
                sum_pb += pb
                sum_wa += wa
                sum_wb += wb
            else:
                pa = pb = wa = wb = x = 0.0
                e_a += prm[c, _REC_A] * (1.0 - e_a)
                e_b += prm[c, _REC_B] * (1.0 - e_b)
                gap_a = abs(prm[c, _NEED_A] - k0 - omega * s_a)
                gap_b = abs(prm[c, _NEED_B] - k0 - omega * s_b)
                sat_a += sat_rate * (1.0 - gap_a - RESIGN * (1.0 - e_a) - sat_a)
                sat_b += sat_rate * (1.0 - gap_b - RESIGN * (1.0 - e_b) - sat_b)
            sat_a = min(max(sat_a, 0.0), 1.0)
            sat_b = min(max(sat_b, 0.0), 1.0)
            if burn_day_a < 0.0 and e_a < BURNT_OUT:
                burn_day_a = d
            if burn_day_b < 0.0 and e_b < BURNT_OUT:
                burn_day_b = d
            if record:
                row = daily[c, d]
                row[0] = pa
                row[1] = pb
                row[2] = wa
                row[3] = wb
                row[4] = x
                row[5] = sat_a
                row[6] = sat_b
                row[7] = e_a
                row[8] = e_b
                row[9] = s_a
                row[10] = s_b
                row[11] = 1.0 if is_conflict else 0.0
        inv = 1.0 / max(n_conf, 1)
        out[c, 0] = sum_x * inv
        out[c, 1] = sat_a
        out[c, 2] = sat_b
        out[c, 3] = burn_day_a
        out[c, 4] = burn_day_b
        out[c, 5] = e_a
        out[c, 6] = e_b
        out[c, 7] = s_a
        out[c, 8] = s_b
        out[c, 9] = n_conf
        out[c, 10] = sum_pa * inv
        out[c, 11] = sum_pb * inv
        out[c, 12] = sum_wa * inv
        out[c, 13] = sum_wb * inv
    return out


BLOCK = 512
"""Couples per block in :func:`conflict_blocks` (state of one block stays in L1/L2 cache)."""


@njit(cache=True, parallel=True, fastmath=True, error_model="numpy")
def conflict_blocks(
    cols: np.ndarray, day: np.ndarray, q: np.ndarray, seeds: np.ndarray, turns: int
) -> np.ndarray:
    """Same equations as :func:`conflict_ensemble`, laid out for SIMD across couples.

    ``cols`` is the parameter array transposed, shape ``(n_params, n)``; ``day`` of shape
    ``(4, n)`` holds ``e_A, e_B, σ_A, σ_B``; ``q`` of shape ``(8, n)``. All couples share
    ``turns``. The time loop is outside, the couple loop inside, so the compiler vectorises
    the per-turn update over a block of couples. Returns summaries of shape ``(n, N_SUMMARY)``.
    """
    n = cols.shape[1]
    out = np.empty((n, N_SUMMARY))
    n_blocks = (n + BLOCK - 1) // BLOCK
    for b in prange(n_blocks):
        lo = b * BLOCK
        hi = min(lo + BLOCK, n)
        need_a = cols[_NEED_A, lo:hi]
        need_b = cols[_NEED_B, lo:hi]
        eta_a = cols[_ETA_A, lo:hi]
        eta_b = cols[_ETA_B, lo:hi]
        psi_a = cols[_PSI_A, lo:hi]
        psi_b = cols[_PSI_B, lo:hi]
        phi_a = cols[_PHI_A, lo:hi]
        phi_b = cols[_PHI_B, lo:hi]
        h_a = cols[_H_A, lo:hi]
        h_b = cols[_H_B, lo:hi]
        kappa = cols[_KAPPA, lo:hi]
        rho = cols[_RHO, lo:hi]
        rho_x = cols[_RHO_X, lo:hi]
        noise = cols[_NOISE, lo:hi]
        inv_slip = 1.0 / cols[_SLIP, lo:hi]
        base_a = cols[_K0, lo:hi] + cols[_OMEGA, lo:hi] * day[2, lo:hi]
        base_b = cols[_K0, lo:hi] + cols[_OMEGA, lo:hi] * day[3, lo:hi]
        e_a = day[0, lo:hi]
        e_b = day[1, lo:hi]
        q0 = q[0, lo:hi]
        q1 = q[1, lo:hi]
        q2 = q[2, lo:hi]
        q3 = q[3, lo:hi]
        q4 = q[4, lo:hi]
        q5 = q[5, lo:hi]
        q6 = q[6, lo:hi]
        q7 = q[7, lo:hi]
        m = hi - lo
        m_a = np.zeros(m)
        m_b = np.zeros(m)
        x_a = cols[_TRIGGER, lo:hi].copy()
        x_b = x_a.copy()
        state = seeds[lo:hi].copy()
        acc = np.zeros((7, m))
        for _t in range(turns):
            for k in range(m):
                ma = m_a[k]
                mb = m_b[k]
                xa = x_a[k]
                xb = x_b[k]
                p_a = max(ma, 0.0)
                w_a = max(-ma, 0.0)
                p_b = max(mb, 0.0)
                w_b = max(-mb, 0.0)
                r = xa * inv_slip[k]
                r *= r
                slip_a = 1.0 / (1.0 + r * r)
                r = xb * inv_slip[k]
                r *= r
                slip_b = 1.0 / (1.0 + r * r)
                pa_felt = p_a * (1.0 - SOFTEN * q0[k] * slip_a)
                wa_felt = w_a * (1.0 - BREAK_FELT * q3[k] * slip_a)
                pb_felt = p_b * (1.0 - SOFTEN * q4[k] * slip_b)
                wb_felt = w_b * (1.0 - BREAK_FELT * q7[k] * slip_b)
                g_a = need_a[k] - (
                    base_a[k] + kappa[k] * (pb_felt - wb_felt) + VALIDATE * q6[k] * slip_b
                )
                g_b = need_b[k] - (
                    base_b[k] + kappa[k] * (pa_felt - wa_felt) + VALIDATE * q2[k] * slip_a
                )
                z_a = eta_a[k] * (1.0 + h_a[k] * xa) * g_a
                z_b = eta_b[k] * (1.0 + h_b[k] * xb) * g_b
                mh_a = z_a / (1.0 + abs(z_a))
                mh_b = z_b / (1.0 + abs(z_b))
                mh_a = mh_a * e_a[k] * (1.0 - SPACE * q1[k] * slip_a) if z_a > 0.0 else mh_a
                mh_b = mh_b * e_b[k] * (1.0 - SPACE * q5[k] * slip_b) if z_b > 0.0 else mh_b
                th_a = psi_a[k] * wb_felt + phi_a[k] * pb_felt * (1.0 - BREAK_CALM * q3[k] * slip_a)
                th_b = psi_b[k] * wa_felt + phi_b[k] * pa_felt * (1.0 - BREAK_CALM * q7[k] * slip_b)
                th_a = min(max(th_a, 0.0), 1.0)
                th_b = min(max(th_b, 0.0), 1.0)
                ma += rho[k] * (mh_a - ma)
                mb += rho[k] * (mh_b - mb)
                s = state[k]
                s ^= s >> np.uint64(12)
                s ^= s << np.uint64(25)
                s ^= s >> np.uint64(27)
                state[k] = s
                rr = s * _MULT
                mask = np.uint64(0xFFFF)
                i_a = np.int64(rr & mask) + np.int64((rr >> np.uint64(16)) & mask)
                i_b = np.int64((rr >> np.uint64(32)) & mask) + np.int64(rr >> np.uint64(48))
                n_a = i_a * _INV16 - 1.0
                n_b = i_b * _INV16 - 1.0
                ma += noise[k] * _SQRT6 * n_a
                mb += noise[k] * _SQRT6 * n_b
                ma = min(max(ma, -1.0), 1.0)
                mb = min(max(mb, -1.0), 1.0)
                xa += rho_x[k] * (th_a - xa)
                xb += rho_x[k] * (th_b - xb)
                m_a[k] = ma
                m_b[k] = mb
                x_a[k] = xa
                x_b[k] = xb
                acc[0, k] += max(ma, 0.0)
                acc[1, k] += max(mb, 0.0)
                acc[2, k] += max(-ma, 0.0)
                acc[3, k] += max(-mb, 0.0)
                acc[4, k] += abs(g_a)
                acc[5, k] += abs(g_b)
                acc[6, k] += 0.5 * (xa + xb)
        inv = 1.0 / max(turns, 1)
        for k in range(m):
            for j in range(7):
                out[lo + k, j] = acc[j, k] * inv
            out[lo + k, 7] = m_a[k]
            out[lo + k, 8] = m_b[k]
            out[lo + k, 9] = x_a[k]
            out[lo + k, 10] = x_b[k]
            out[lo + k, 11] = turns
    return out
