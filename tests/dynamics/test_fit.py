"""The TAR least-squares fit of the Gottman–Murray model, against answers found another way."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from tandem.dynamics import fit_gm, read_couple_csv
from tandem.dynamics.gottman_murray import BilinearInfluence, OjiveInfluence
from tandem.errors import InvalidChoice, NotEnoughData, ParseError

SPAFF = Path(__file__).resolve().parents[1] / "data" / "gottman_couple_spaff.csv"


def _brute(own: np.ndarray, partner: np.ndarray, kind: str, mpr: int) -> tuple[float, np.ndarray]:
    """Every allowed regime split, counted from the unique values; normal equations."""
    y, y_lag, z = own[1:], own[:-1], partner[:-1]
    n = len(y)
    values = np.unique(z)
    best = (np.inf, np.empty(0))
    if kind == "bilinear":
        splits = [(v,) for v in values if mpr <= np.sum(z <= v) <= n - mpr]
    else:
        splits = [
            (v1, v2)
            for v1, v2 in itertools.combinations(values, 2)
            if np.sum(z <= v1) >= mpr
            and np.sum((z > v1) & (z <= v2)) >= mpr
            and np.sum(z > v2) >= mpr
        ]
    for split in splits:
        if kind == "bilinear":
            low = z <= split[0]
            x = np.column_stack([np.ones(n), y_lag, z * low, z * ~low])
        else:
            x = np.column_stack([np.ones(n), y_lag, z <= split[0], z > split[1]]).astype(float)
        coef = np.linalg.solve(x.T @ x, x.T @ y)
        rss = float(np.sum((y - x @ coef) ** 2))
        if rss < best[0]:
            best = (rss, np.concatenate([coef, split]))
    return best


@pytest.mark.parametrize("kind", ["bilinear", "ojive"])
def test_spaff_fit_equals_brute_force_search(kind: str) -> None:
    data, names = read_couple_csv(SPAFF)
    assert data.shape == (150, 2) and names == ("wife", "husband")
    res = fit_gm(data, influence=kind)
    for fit, own, other in ((res.wife, 0, 1), (res.husband, 1, 0)):
        rss, params = _brute(data[:, own], data[:, other], kind, mpr=15)
        inf = fit.influence
        got = [fit.a0, fit.a1]
        if isinstance(inf, BilinearInfluence):
            got += [inf.slope_left, inf.slope_right, inf.threshold]
        else:
            assert isinstance(inf, OjiveInfluence)
            got += [inf.low, inf.high, inf.lower, inf.upper]
        assert fit.rss == pytest.approx(rss, rel=1e-10)
        assert got == pytest.approx(list(params), abs=1e-8)
        # Information criteria as the dyad package defines them (threshold not penalised).
        k = 5
        ll = -(149 * np.log(2 * np.pi) + 149 * np.log(rss / 149) + 149) / 2
        assert fit.loglik == pytest.approx(ll, rel=1e-12)
        assert fit.aic == pytest.approx(-2 * ll + 2 * k, rel=1e-12)
        assert fit.bic == pytest.approx(-2 * ll + np.log(149) * k, rel=1e-12)


def test_spaff_bilinear_estimates_are_stable_to_six_decimals() -> None:
    # Locked after checking against the brute-force search above; any change is a regression.
    res = fit_gm(read_couple_csv(SPAFF)[0], influence="bilinear")
    w, h = res.wife, res.husband
    assert isinstance(w.influence, BilinearInfluence)
    assert isinstance(h.influence, BilinearInfluence)
    got = [w.a0, w.a1, w.influence.slope_left, w.influence.slope_right, w.influence.threshold]
    assert got == pytest.approx([-0.417248, 0.621896, -0.232271, 0.063802, 4.4], abs=5e-7)
    got = [h.a0, h.a1, h.influence.slope_left, h.influence.slope_right, h.influence.threshold]
    assert got == pytest.approx([0.381442, 0.332694, -0.565571, 0.135672, -3.7], abs=5e-7)
    assert (w.rss, h.rss) == pytest.approx((868.713469, 2859.346106), abs=5e-7)


def test_fit_recovers_known_bilinear_parameters(rng: np.random.Generator) -> None:
    n = 3000
    w = np.zeros(n)
    h = np.zeros(n)
    for t in range(n - 1):
        iw = 0.6 * h[t] if h[t] <= 0.0 else 0.1 * h[t]
        ih = 0.2 * w[t] if w[t] <= 0.0 else 0.5 * w[t]
        w[t + 1] = 0.5 + 0.4 * w[t] + iw + rng.normal()
        h[t + 1] = -0.3 + 0.3 * h[t] + ih + rng.normal()
    res = fit_gm(np.column_stack([w, h]), influence="bilinear")
    wi, hi = res.wife.influence, res.husband.influence
    assert isinstance(wi, BilinearInfluence) and isinstance(hi, BilinearInfluence)
    # With 3000 steps and unit noise, coefficients come back within 0.1.
    assert [res.wife.a0, res.wife.a1, wi.slope_left, wi.slope_right] == pytest.approx(
        [0.5, 0.4, 0.6, 0.1], abs=0.1
    )
    assert [res.husband.a0, res.husband.a1, hi.slope_left, hi.slope_right] == pytest.approx(
        [-0.3, 0.3, 0.2, 0.5], abs=0.1
    )


def test_fit_is_deterministic_and_keeps_the_regime_minimum(rng: np.random.Generator) -> None:
    data = rng.normal(size=(80, 2)).cumsum(axis=0)
    a = fit_gm(data, influence="ojive")
    b = fit_gm(data.copy(), influence="ojive")
    assert a.wife.as_dict() == b.wife.as_dict()
    assert a.wife.min_per_regime == round(79 / 10) == 8
    inf = a.wife.influence
    assert isinstance(inf, OjiveInfluence)
    z = data[:-1, 1]
    assert np.sum(z <= inf.lower) >= 8 and np.sum(z > inf.upper) >= 8


def test_unknown_influence_lists_the_choices() -> None:
    with pytest.raises(InvalidChoice, match="bilinear, ojive"):
        fit_gm(np.zeros((50, 2)), influence="logistic")


def test_too_few_rows_and_bad_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(NotEnoughData):
        fit_gm(np.ones((4, 2)))
    with pytest.raises(NotEnoughData):
        fit_gm(np.full((40, 2), np.nan))
    bad = tmp_path / "bad.csv"
    bad.write_text("wife,husband\n1,x\n2,y\n")
    with pytest.raises(ParseError, match="bad.csv"):
        read_couple_csv(bad)
    one = tmp_path / "one.csv"
    one.write_text("wife\n1\n2\n")
    with pytest.raises(ParseError, match="two columns"):
        read_couple_csv(one)


def test_constant_partner_has_no_threshold() -> None:
    data = np.column_stack([np.arange(40.0) % 3, np.ones(40)])
    with pytest.raises(NotEnoughData, match="threshold"):
        fit_gm(data)
