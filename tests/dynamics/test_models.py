"""Closed-form checks of the models, presets and registries."""

from __future__ import annotations

import numpy as np
import pytest

from tandem.domain import Role
from tandem.dynamics import (
    INTERVENTIONS,
    PARAM_NAMES,
    BilinearInfluence,
    GMModel,
    ModelParams,
    OjiveInfluence,
    get_intervention,
    get_preset,
    params_for_roles,
    parse_intervention,
    presets,
    roles,
)
from tandem.errors import InvalidChoice


def _no_influence() -> BilinearInfluence:
    return BilinearInfluence(0.0, 0.0)


@pytest.mark.parametrize(("a", "r1", "b", "r2"), [(1.0, 0.5, -2.0, 0.2), (-0.4, 0.9, 0.3, -0.5)])
def test_uninfluenced_steady_state_is_a_over_one_minus_r(
    a: float, r1: float, b: float, r2: float
) -> None:
    m = GMModel(a=a, r1=r1, b=b, r2=r2, influence_hw=_no_influence(), influence_wh=_no_influence())
    assert m.uninfluenced_steady_state == pytest.approx((a / (1 - r1), b / (1 - r2)))
    # Iterating the map from far away lands there (|r| < 1), to 1e-9.
    end = m.simulate(10.0, -10.0, 400)[-1]
    assert end == pytest.approx(m.uninfluenced_steady_state, abs=1e-9)


def test_bilinear_steady_states_match_iteration_from_each_basin() -> None:
    # Weak influence below 0, strong above: a stable crossing at W = H = -0.5/0.6 and an
    # unstable one at W = H = 1 (solve 0.7 W = -0.5 + 1.2 W).
    m = GMModel(
        a=-0.5, r1=0.3, b=-0.5, r2=0.3,
        influence_hw=BilinearInfluence(0.1, 1.2), influence_wh=BilinearInfluence(0.1, 1.2),
    )  # fmt: skip
    states = m.steady_states()
    got = sorted((round(s.wife, 9), round(s.husband, 9), s.stable) for s in states)
    assert got == [(-0.833333333, -0.833333333, True), (1.0, 1.0, False)]
    for s in states:
        # Each is a fixed point of the map to 1e-12.
        w, h = m.step(s.wife, s.husband)
        assert (w, h) == pytest.approx((s.wife, s.husband), abs=1e-12)
        if s.stable:
            end = m.simulate(s.wife + 1e-3, s.husband - 1e-3, 500)[-1]
            assert end == pytest.approx((s.wife, s.husband), abs=1e-8)


def test_piecewise_steady_states_keep_only_consistent_regimes() -> None:
    # Constant terms place one crossing per regime pair when thresholds split the plane.
    m = GMModel(
        a=0.0, r1=0.0, b=0.0, r2=0.0,
        influence_hw=BilinearInfluence(2.0, 2.0, threshold=0.0),
        influence_wh=BilinearInfluence(0.5, 0.5, threshold=0.0),
    )  # fmt: skip
    # Here W = 2H and H = W/2 on every piece: a line of solutions, detected as singular.
    assert m.steady_states() == []
    m4 = GMModel(
        a=0.0, r1=0.5, b=0.0, r2=0.5,
        influence_hw=OjiveInfluence(-1.0, 1.0, lower=-0.5, upper=0.5),
        influence_wh=OjiveInfluence(-1.0, 1.0, lower=-0.5, upper=0.5),
    )  # fmt: skip
    found = {(round(s.wife, 6), round(s.husband, 6)) for s in m4.steady_states()}
    # W* = (a + I)/(1 - r1) = ±2 or 0 per piece, consistent pairs only: (2,2), (-2,-2), (0,0).
    assert found == {(2.0, 2.0), (-2.0, -2.0), (0.0, 0.0)}


def test_presets_have_plain_names_and_valid_values() -> None:
    assert list(presets()) == [
        "classic", "two-pursuers", "two-distancers", "secure", "role-reversal",
    ]  # fmt: skip
    for p in presets().values():
        assert p.validate() is p


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("classic", (Role.PURSUER, Role.DISTANCER)),
        ("two-pursuers", (Role.PURSUER, Role.PURSUER)),
        ("secure", (Role.NEITHER, Role.NEITHER)),
        ("role-reversal", (Role.DISTANCER, Role.PURSUER)),
    ],
)
def test_presets_play_the_roles_their_names_promise(name: str, expected: tuple[Role, Role]) -> None:
    assert roles(get_preset(name)) == expected


def test_two_distancers_nobody_pursues() -> None:
    r = roles(get_preset("two-distancers"))
    assert Role.PURSUER not in r


def test_unknown_preset_lists_the_valid_ones() -> None:
    with pytest.raises(InvalidChoice, match="classic, two-pursuers, two-distancers, secure"):
        get_preset("happy")


def test_unknown_parameter_and_out_of_range_value_are_refused() -> None:
    with pytest.raises(InvalidChoice, match="need_a, need_b"):
        ModelParams().replace(closeness=1.0)
    with pytest.raises(InvalidChoice, match="allowed 0 to 1"):
        ModelParams().replace(need_a=1.5)


def test_interventions_registry_and_day_syntax() -> None:
    assert set(INTERVENTIONS) == {"soften", "space", "validate", "break", "both"}
    iv = parse_intervention("break@30")
    assert (iv.name, iv.start_day, iv.key) == ("break", 30, "break@30")
    with pytest.raises(InvalidChoice, match="soften, space, validate, break, both"):
        get_intervention("hug")
    with pytest.raises(InvalidChoice, match="whole number"):
        parse_intervention("soften@soon")
    with pytest.raises(InvalidChoice, match="0 or later"):
        parse_intervention("soften@-3")


def test_params_for_roles_follows_who_pursues() -> None:
    assert roles(params_for_roles(Role.PURSUER, Role.DISTANCER)) == (Role.PURSUER, Role.DISTANCER)
    assert roles(params_for_roles("distancer", "pursuer")) == (Role.DISTANCER, Role.PURSUER)
    assert params_for_roles("neither", "neither") == get_preset("secure")


def test_swapped_exchanges_every_partner_parameter() -> None:
    p = get_preset("classic")
    s = p.swapped()
    for name in PARAM_NAMES:
        if name.endswith("_a"):
            assert getattr(s, name) == getattr(p, name[:-2] + "_b")
    assert s.swapped() == p
    assert np.array_equal(p.as_array(), ModelParams(**p.as_dict()).as_array())
