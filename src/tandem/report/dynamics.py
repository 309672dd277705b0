"""Terminal renders and plots for the dynamics model and the Gottman–Murray fit.

Every ``render_*`` returns a Rich renderable; ``plot_*`` write a PNG, or an HTML page with the
PNG inside (one self-contained file), chosen by the file's suffix.

Examples
--------
>>> import io
>>> import numpy as np
>>> from rich.console import Console
>>> from tandem.dynamics import fit_gm
>>> t = np.arange(60.0)
>>> res = fit_gm(np.column_stack([np.sin(t / 5), np.cos(t / 7)]))
>>> out = io.StringIO()
>>> Console(file=out, width=100, color_system=None).print(render_gm_fit(res))
>>> "residual SS" in out.getvalue()
True
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tandem.dynamics.fit import GMFitResult, PartnerFit
from tandem.dynamics.gottman_murray import BilinearInfluence, OjiveInfluence
from tandem.dynamics.results import Scenario, Trajectory
from tandem.errors import InvalidChoice
from tandem.report.terms import MODEL_LOOP_GAIN, quoted_list

__all__ = [
    "gm_fit_as_dict",
    "loop_gain_note",
    "plot_phase",
    "plot_trajectory",
    "render_comparison",
    "render_gm_fit",
    "render_trajectory",
]

PLOT_SUFFIXES = (".png", ".html")
"""File types ``--plot`` can write."""


def _fmt(x: float | None, digits: int = 6) -> str:
    return "—" if x is None or not np.isfinite(x) else f"{x:.{digits}f}"


def gm_fit_as_dict(result: GMFitResult) -> dict[str, Any]:
    """What ``tandem gm fit --json`` prints: both equations, statistics and steady states."""
    return {
        "influence": result.influence,
        "columns": list(result.columns),
        "wife": result.wife.as_dict(),
        "husband": result.husband.as_dict(),
        "uninfluenced_steady_state": {
            "wife": result.uninfluenced_steady_state[0],
            "husband": result.uninfluenced_steady_state[1],
        },
        "influenced_steady_states": [
            {
                "wife": s.wife,
                "husband": s.husband,
                "stable": s.stable,
                "eigenvalues": [[v.real, v.imag] for v in s.eigenvalues],
                "stable_lagged": s.stable_lagged,
                "eigenvalues_lagged": [[v.real, v.imag] for v in s.eigenvalues_lagged],
            }
            for s in result.steady_states
        ],
        "converged": result.converged,
        "message": result.message,
    }


def _influence_rows(fit: PartnerFit) -> list[tuple[str, float]]:
    inf = fit.influence
    if isinstance(inf, BilinearInfluence):
        return [
            ("slope at/below threshold", inf.slope_left),
            ("slope above threshold", inf.slope_right),
            ("threshold", inf.threshold),
        ]
    if isinstance(inf, OjiveInfluence):
        return [
            ("influence l1 (≤ lower threshold)", inf.low),
            ("influence l2 (> upper threshold)", inf.high),
            ("lower threshold", inf.lower),
            ("upper threshold", inf.upper),
        ]
    return []


def render_gm_fit(result: GMFitResult) -> Group:
    """A table of both partners' fitted equations, fit statistics and steady states."""
    first, second = result.columns
    table = Table(title=f"Gottman–Murray model, {result.influence} influence (TAR least squares)")
    table.add_column("")
    table.add_column(f"{first} (a, r1)", justify="right")
    table.add_column(f"{second} (b, r2)", justify="right")
    w, h = result.wife, result.husband
    table.add_row("intercept a0", _fmt(w.a0), _fmt(h.a0))
    table.add_row("inertia a1", _fmt(w.a1), _fmt(h.a1))
    for (label, wv), (_, hv) in zip(_influence_rows(w), _influence_rows(h), strict=True):
        table.add_row(label, _fmt(wv), _fmt(hv))
    table.add_row("residual SS", _fmt(w.rss), _fmt(h.rss))
    table.add_row("log-likelihood", _fmt(w.loglik), _fmt(h.loglik))
    table.add_row("AIC", _fmt(w.aic), _fmt(h.aic))
    table.add_row("BIC", _fmt(w.bic), _fmt(h.bic))
    table.add_row("observations", str(w.n), str(h.n))
    lines: list[RenderableType] = [table]
    u = result.uninfluenced_steady_state
    lines.append(Text(f"Uninfluenced steady state: {first} {u[0]:.6f}, {second} {u[1]:.6f}"))
    if result.steady_states:
        for s in result.steady_states:
            kind = "stable" if s.stable else "unstable"
            lines.append(
                Text(
                    f"Influenced steady state: {first} {s.wife:.6f}, {second} {s.husband:.6f}"
                    f" ({kind})"
                )
            )
    else:
        lines.append(
            Text("No influenced steady state: the null-clines do not cross inside their regimes.")
        )
    lines.append(
        Text(
            "Each partner's score at t is fitted on their own and the partner's score at t-1.",
            style="dim",
        )
    )
    return Group(*lines)


def render_trajectory(traj: Trajectory) -> Group:
    """Summary of one simulated couple: roles, loop gain, intensity, satisfaction, burnout."""
    table = Table(title=f"Simulated {traj.days} days")
    table.add_column("")
    table.add_column("A", justify="right")
    table.add_column("B", justify="right")
    s = traj.summary
    table.add_row("role at day 0", traj.roles[0].value, traj.roles[1].value)
    table.add_row("mean pursuit", f"{s['pursuit_a']:.2f}", f"{s['pursuit_b']:.2f}")
    table.add_row("mean withdrawal", f"{s['withdrawal_a']:.2f}", f"{s['withdrawal_b']:.2f}")
    table.add_row(
        "satisfaction at the end", f"{s['satisfaction_a']:.2f}", f"{s['satisfaction_b']:.2f}"
    )
    table.add_row("energy at the end", f"{s['energy_a']:.2f}", f"{s['energy_b']:.2f}")
    table.add_row(
        "burnt out on day",
        "—" if s["burnout_day_a"] < 0 else str(int(s["burnout_day_a"])),
        "—" if s["burnout_day_b"] < 0 else str(int(s["burnout_day_b"])),
    )
    st = traj.stability
    loop = "self-reinforcing" if st.self_reinforcing else "self-correcting"
    lines: list[RenderableType] = [
        table,
        Text(f"Conflict intensity (mean arousal over conflicts): {traj.intensity:.3f}"),
        Text(f"{MODEL_LOOP_GAIN.show(st.loop_gain).capitalize()}: the loop is {loop} near calm."),
    ]
    if traj.interventions:
        lines.append(Text("Interventions: " + ", ".join(traj.interventions)))
    lines.append(Text("A model of patterns, not a measurement of a real couple.", style="dim"))
    return Group(*lines)


def loop_gain_note(scenarios: Sequence[Scenario]) -> str:
    """Why an intervention can cool conflicts while the loop gain stays (or even rises).

    The loop gain is read at the calm end of the loop, where a conflict is only starting; most
    interventions act once arousal is up, so they change how hot conflicts get without
    changing how a small push near calm grows.
    """
    term = MODEL_LOOP_GAIN
    defined = f"{term.name.capitalize()}: {term.definition[0].lower()}{term.definition[1:]}"
    if len(scenarios) < 2:
        return defined
    base = scenarios[0].trajectory
    g0, heat0 = base.stability.loop_gain, base.intensity
    same, higher = [], []
    for sc in scenarios[1:]:
        t = sc.trajectory
        g, cooler = t.stability.loop_gain, t.intensity < 0.98 * heat0
        if not (np.isfinite(g) and np.isfinite(g0)) or not cooler:
            continue
        if abs(g - g0) <= 0.005 * max(1.0, abs(g0)):
            same.append(sc.name)
        elif g > g0:
            higher.append(sc.name)
    parts = [defined]
    if same:
        one = len(same) == 1
        parts.append(
            f"{quoted_list(same)} {'leaves' if one else 'leave'} it as it is and still "
            f"{'cools' if one else 'cool'} "
            "conflicts: they act once a conflict has heated up (a softer opening, more space, "
            "an announced break), while the gain is read where a conflict is only starting."
        )
    if higher:
        one = len(higher) == 1
        parts.append(
            f"{quoted_list(higher)} {'raises' if one else 'raise'} it and still "
            f"{'cools' if one else 'cool'} "
            "conflicts: near calm a small push grows more, but the conflicts that follow are "
            "milder on average."
        )
    return " ".join(parts)


def render_comparison(scenarios: Sequence[Scenario]) -> Group:
    """One row per scenario, then a note on why the loop gain may stay while conflicts cool.

    Each row: conflict intensity and its change, satisfaction at the end, burnout day, loop gain.
    """
    table = Table(title="What-if: the same couple with and without each intervention")
    for name, justify in (
        ("scenario", "left"),
        ("conflict intensity", "right"),
        ("change", "right"),
        ("satisfaction at end", "right"),
        ("burnout day", "right"),
        ("loop gain", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    base = scenarios[0].trajectory.intensity if scenarios else 0.0
    for sc in scenarios:
        t = sc.trajectory
        change = "" if sc.name == "none" else f"{(t.intensity - base) / base * 100:+.0f}%"
        table.add_row(
            sc.name,
            f"{t.intensity:.3f}",
            change,
            f"{t.satisfaction_end:.2f}",
            "—" if t.burnout_day is None else str(t.burnout_day),
            _fmt(t.stability.loop_gain, 2),
        )
    return Group(table, Text(loop_gain_note(scenarios), style="dim"))


def _check_suffix(path: Path) -> None:
    if path.suffix.lower() not in PLOT_SUFFIXES:
        raise InvalidChoice(
            f"cannot write {path.name!r}; choose a file ending in {' or '.join(PLOT_SUFFIXES)}",
            where="--plot",
        )


def _save(fig: Any, path: Path, title: str) -> Path:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    data = buf.getvalue()
    if path.suffix.lower() == ".png":
        path.write_bytes(data)
    else:
        encoded = base64.b64encode(data).decode("ascii")
        path.write_text(
            "<!doctype html><html lang='en'><meta charset='utf-8'>"
            f"<title>{title}</title><body style='font-family:system-ui'>"
            f"<h1>{title}</h1><img alt='{title}' src='data:image/png;base64,{encoded}'>"
            "<p>A model of patterns, not a measurement of a real couple.</p></body></html>",
            encoding="utf-8",
        )
    return path


def plot_trajectory(traj: Trajectory, path: str | Path) -> Path:
    """Plot pursuit, withdrawal, satisfaction and energy across days to PNG or HTML."""
    out = Path(path)
    _check_suffix(out)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    days = np.arange(traj.days)
    conflict = traj.column("conflict") > 0
    fig, axes = plt.subplots(2, 1, figsize=(8, 6), sharex=True)
    for col, label, color in (
        ("pursuit_a", "A pursues", "#d9734e"),
        ("pursuit_b", "B pursues", "#f2a35e"),
        ("withdrawal_a", "A withdraws", "#2f5a8a"),
        ("withdrawal_b", "B withdraws", "#7fa3d1"),
    ):
        axes[0].plot(
            days[conflict], traj.column(col)[conflict], ".", ms=3, label=label, color=color
        )
    axes[0].set_ylabel("mean over the day's conflict")
    axes[0].legend(loc="upper right", fontsize=8)
    for col, label, style in (
        ("satisfaction_a", "A satisfaction", "-"),
        ("satisfaction_b", "B satisfaction", "--"),
        ("energy_a", "A energy", ":"),
        ("energy_b", "B energy", "-."),
    ):
        axes[1].plot(days, traj.column(col), style, label=label)
    axes[1].set_ylim(0, 1.02)
    axes[1].set_xlabel("day")
    axes[1].legend(loc="lower left", fontsize=8)
    title = "Simulated couple" + (
        f" with {', '.join(traj.interventions)}" if traj.interventions else ""
    )
    fig.suptitle(title)
    saved = _save(fig, out, title)
    plt.close(fig)
    return saved


def plot_phase(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    loop_gain: NDArray[np.float64],
    burnout: NDArray[np.float64],
    *,
    x_name: str,
    y_name: str,
    path: str | Path,
) -> Path:
    """Phase diagram of a two-parameter sweep: where the loop self-reinforces, where it burns out.

    ``x``, ``y``, ``loop_gain``, ``burnout`` are per-couple arrays (burnout = share of couples
    in that cell with a burnt-out partner, or 0/1 per couple).
    """
    out = Path(path)
    _check_suffix(out)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.5, 5))
    reinforcing = loop_gain > 1.0
    burnt = burnout > 0.5
    colors = np.where(
        reinforcing & burnt,
        "#8c2d04",
        np.where(reinforcing, "#d9734e", np.where(burnt, "#7fa3d1", "#5fa37f")),
    )
    ax.scatter(x, y, c=colors, s=40, marker="s")
    for color, label in (
        ("#8c2d04", "self-reinforcing, burns out"),
        ("#d9734e", "self-reinforcing"),
        ("#7fa3d1", "self-correcting, burns out"),
        ("#5fa37f", "self-correcting"),
    ):
        ax.scatter([], [], c=color, marker="s", label=label)
    ax.set_xlabel(x_name)
    ax.set_ylabel(y_name)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    title = f"Phase diagram over {x_name} and {y_name}"
    ax.set_title(title)
    saved = _save(fig, out, title)
    plt.close(fig)
    return saved
