namespace RlLab.Sim.Traffic;

/// <summary>
/// The Intelligent Driver Model (Treiber, Hennecke &amp; Helbing 2000, Phys. Rev. E 62, 1805):
/// a = a_max·[1 − (v/v0)^δ − (s*/s)²], s* = s0 + max(0, v·T + v·Δv / (2·√(a_max·b))).
/// Defaults: T = 1.5 s, a = 1.0 m/s², b = 1.5 m/s², s0 = 2 m, δ = 4 (the paper's s0 and δ; T, a
/// and b are the round values of Treiber &amp; Kesting's "Traffic Flow Dynamics" city/highway
/// sets, close to the paper's 1.6 s, 0.73 and 1.67). v0 is each car's own desired speed.
/// </summary>
/// <param name="TimeHeadway">T: the desired time gap to the leader (s).</param>
/// <param name="MaxAcceleration">a: the acceleration on a free road (m/s²).</param>
/// <param name="ComfortableDeceleration">b (m/s², positive).</param>
/// <param name="MinGap">s0: the bumper-to-bumper gap kept when stopped (m).</param>
/// <param name="Exponent">δ: how the acceleration falls off near v0.</param>
/// <param name="MaxDeceleration">The physical braking limit the result is clipped to (m/s²); IDM itself can ask for more in emergencies.</param>
public sealed record IdmParams(
    double TimeHeadway = 1.5,
    double MaxAcceleration = 1.0,
    double ComfortableDeceleration = 1.5,
    double MinGap = 2.0,
    double Exponent = 4,
    double MaxDeceleration = 9.0)
{
    public static IdmParams Default { get; } = new();

    /// <summary>2·√(a·b), the scale of the approach term in s*: constant per parameter set, so a caller in a loop passes it computed once.</summary>
    public double BrakingScale => 2 * Math.Sqrt(MaxAcceleration * ComfortableDeceleration);

    /// <summary>The IDM acceleration.</summary>
    /// <param name="speed">v (m/s).</param>
    /// <param name="desiredSpeed">v0 (m/s, &gt; 0).</param>
    /// <param name="gap">Bumper-to-bumper distance to the leader (m); +∞ on a free road.</param>
    /// <param name="approachRate">Δv = v − v_leader (m/s).</param>
    public double Acceleration(double speed, double desiredSpeed, double gap, double approachRate) =>
        Acceleration(speed, desiredSpeed, gap, approachRate, BrakingScale);

    /// <summary>The IDM acceleration with <see cref="BrakingScale"/> given.</summary>
    public double Acceleration(double speed, double desiredSpeed, double gap, double approachRate, double brakingScale)
    {
        double ratio0 = speed / Math.Max(desiredSpeed, 1e-3);
        // δ = 4 (the default) squares twice: Math.Pow costs more than the rest of the model.
        double free = 1 - (Exponent == 4 ? ratio0 * ratio0 * (ratio0 * ratio0) : Math.Pow(ratio0, Exponent));
        double interaction = 0;
        if (double.IsFinite(gap))
        {
            double wanted = MinGap + Math.Max(0, speed * TimeHeadway + speed * approachRate / brakingScale);
            double ratio = wanted / Math.Max(gap, 0.01);
            interaction = ratio * ratio;
        }
        return Math.Max(MaxAcceleration * (free - interaction), -MaxDeceleration);
    }
}
