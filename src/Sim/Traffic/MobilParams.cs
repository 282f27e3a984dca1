namespace RlLab.Sim.Traffic;

/// <summary>
/// MOBIL lane changes (Kesting, Treiber &amp; Helbing 2007, "General lane-changing model MOBIL
/// for car-following models", Transp. Res. Rec. 1999, 86–94), symmetric (no keep-right bias).
/// A car changes lane when the new follower n stays safe, ã_n ≥ −b_safe, and the change pays:
/// ã_c − a_c + p·[(ã_n − a_n) + (ã_o − a_o)] &gt; Δa_th (o: the old follower; tilde: after the change).
/// Defaults are the paper's: p = 0.5, Δa_th = 0.1 m/s², b_safe = 4 m/s².
/// </summary>
/// <param name="Politeness">p: how much the neighbours' loss counts (0 selfish, 1 altruistic).</param>
/// <param name="Threshold">Δa_th (m/s²): the least gain worth a change.</param>
/// <param name="SafeDeceleration">b_safe (m/s², positive): the hardest braking a change may impose.</param>
/// <param name="LateralSpeed">How fast a changing car moves across (m/s); a 4 m lane takes about 3 s.</param>
/// <param name="DecisionInterval">Seconds between a car's lane-change decisions (highway-env waits 1 s too); cars take turns, so a step evaluates few.</param>
public sealed record MobilParams(double Politeness = 0.5, double Threshold = 0.1, double SafeDeceleration = 4.0, double LateralSpeed = 1.3, double DecisionInterval = 1.0)
{
    public static MobilParams Default { get; } = new();

    /// <summary>The incentive and safety criteria together.</summary>
    public bool ShouldChange(double gainSelf, double newFollowerAfter, double newFollowerBefore, double oldFollowerAfter, double oldFollowerBefore) =>
        newFollowerAfter >= -SafeDeceleration
        && gainSelf + Politeness * ((newFollowerAfter - newFollowerBefore) + (oldFollowerAfter - oldFollowerBefore)) > Threshold;
}
