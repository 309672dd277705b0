"""Fixed points against closed forms, where the model has one."""

from __future__ import annotations

import numpy as np
import pytest

from tandem.dynamics import ModelParams, analyse


def _softsign(z: float) -> float:
    return z / (1.0 + abs(z))


@pytest.mark.parametrize(("need_a", "need_b"), [(0.7, 0.35), (0.2, 0.6), (0.5, 0.5)])
def test_uncoupled_couple_has_its_closed_form_fixed_point(need_a: float, need_b: float) -> None:
    # With no coupling (κ = 0) and no arousal amplification (h = 0) each partner settles on
    # m* = softsign(η·(need − k0 − ω·σ)), times energy when moving toward; arousal then
    # follows the partner: x* = clip(ψ·w_partner + φ·p_partner). The loop gain is 0.
    p = ModelParams(
        need_a=need_a, need_b=need_b, coupling=0.0, arousal_gain_a=0.0, arousal_gain_b=0.0,
        energy_a=0.8, energy_b=0.6,
    )  # fmt: skip
    report = analyse(p)
    assert len(report.fixed_points) == 1
    fp = report.fixed_points[0]
    m = []
    for need, eta, sec, energy in (
        (p.need_a, p.reactivity_a, p.security_a, p.energy_a),
        (p.need_b, p.reactivity_b, p.security_b, p.energy_b),
    ):
        z = eta * (need - p.base_closeness - p.security_weight * sec)
        m.append(_softsign(z) * (energy if z > 0 else 1.0))
    x_a = np.clip(p.anxiety_a * max(-m[1], 0) + p.flooding_a * max(m[1], 0), 0, 1)
    x_b = np.clip(p.anxiety_b * max(-m[0], 0) + p.flooding_b * max(m[0], 0), 0, 1)
    assert fp.state == pytest.approx((m[0], m[1], x_a, x_b), abs=1e-9)
    assert fp.loop_gain == pytest.approx(0.0, abs=1e-8)
    assert not report.self_reinforcing
    # The map then contracts at rate 1 − ρ (movement) and 1 − ρ_x (arousal).
    radii = sorted(abs(v) for v in fp.eigenvalues)
    assert radii == pytest.approx(
        sorted([1 - p.responsiveness] * 2 + [1 - p.arousal_rate] * 2), abs=1e-6
    )
