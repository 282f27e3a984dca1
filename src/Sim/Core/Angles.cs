namespace RlLab.Sim;

/// <summary>Angle helpers shared by tracks, vehicles and sensors.</summary>
public static class Angles
{
    /// <summary>Sine and cosine of an angle that is nearly always small (a turn between two track points, a heading error): the series to x⁹ errs below 1e-16 up to 0.1 rad; larger angles take <see cref="Math.SinCos"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static (double Sin, double Cos) SmallSinCos(double a)
    {
        if (Math.Abs(a) > 0.1) return Math.SinCos(a);
        double a2 = a * a;
        // Horner forms of the Taylor series; constant reciprocals, as divisions would cost more than SinCos.
        double sin = a * (1 - a2 * (1.0 / 6) * (1 - a2 * (1.0 / 20) * (1 - a2 * (1.0 / 42) * (1 - a2 * (1.0 / 72)))));
        double cos = 1 - a2 * 0.5 * (1 - a2 * (1.0 / 12) * (1 - a2 * (1.0 / 30) * (1 - a2 * (1.0 / 56))));
        return (sin, cos);
    }

    /// <summary>Wraps an angle to (-π, π].</summary>
    public static double Wrap(double a)
    {
        if (a > -Math.PI && a <= Math.PI) return a;
        a = Math.IEEERemainder(a, 2 * Math.PI);
        return a <= -Math.PI ? a + 2 * Math.PI : a;
    }
}
