namespace RlLab.Sim;

/// <summary>Angle helpers shared by tracks, vehicles and sensors.</summary>
public static class Angles
{
    /// <summary>Wraps an angle to (-π, π].</summary>
    public static double Wrap(double a)
    {
        if (a > -Math.PI && a <= Math.PI) return a;
        a = Math.IEEERemainder(a, 2 * Math.PI);
        return a <= -Math.PI ? a + 2 * Math.PI : a;
    }
}
