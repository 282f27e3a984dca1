namespace RlLab.Sim.Tracks;

/// <summary>
/// Procedural tracks from a seed. The centreline is a polar curve r(θ) = R·(1 + Σ a_k cos(kθ + φ_k)),
/// k = 2..6, with r &gt; 0 everywhere: a star-shaped curve, so it is closed and can never cross itself,
/// and it is smooth (a Fourier series). Its curvature is known in closed form, so the amplitudes are
/// shrunk until the maximum-curvature option holds; a clearance check then rejects narrow necks where
/// two parts of the road would come too close. Same seed, same track, on every machine.
/// </summary>
public static class TrackGenerator
{
    const int Modes = 5;   // k = 2..6
    const int Dense = 4096;

    // cos/sin of kθ at the dense samples (k = 1 for x, y; k = 2..6 for the modes), computed once.
    static readonly double[] CosTable = BuildTable(Math.Cos), SinTable = BuildTable(Math.Sin);

    static double[] BuildTable(Func<double, double> f)
    {
        var table = new double[(Modes + 2) * (Dense + 1)];
        for (int k = 1; k <= Modes + 1; k++)
            for (int j = 0; j <= Dense; j++)
                table[k * (Dense + 1) + j] = f(k * 2 * Math.PI * j / Dense);
        return table;
    }

    public static Track Generate(int seed, TrackGenOptions? options = null)
    {
        options ??= TrackGenOptions.Default;
        options.Validate();
        // Mixed so that track seed n and env seed n draw unrelated streams.
        var rng = new Rng(((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ 0x7472_6163_6B00_0000UL);
        double length = rng.Uniform(options.LengthMin, options.LengthMax);
        if (options.LengthMax == options.LengthMin) length = options.LengthMin;

        Span<double> amp = stackalloc double[Modes], phase = stackalloc double[Modes];
        for (int attempt = 0; ; attempt++)
        {
            // Larger k gets smaller amplitude so that the shape stays smooth.
            double shape = rng.Uniform(0.15, 0.4);
            for (int m = 0; m < Modes; m++)
            {
                int k = m + 2;
                amp[m] = shape * rng.Uniform(-1, 1) / (0.5 * k);
                phase[m] = rng.Uniform(0, 2 * Math.PI);
            }
            for (int shrink = 0; shrink < 40; shrink++)
            {
                if (TryBuild(amp, phase, length, options, seed, out Track? track)) return track!;
                for (int m = 0; m < Modes; m++) amp[m] *= 0.85;
            }
            if (attempt > 20) throw new InvalidOperationException($"no valid track for seed {seed} with {options}");
        }
    }

    static bool TryBuild(ReadOnlySpan<double> amp, ReadOnlySpan<double> phase, double length, TrackGenOptions o, int seed, out Track? track)
    {
        track = null;
        // Dense samples of the unit-scale curve with r, r', r'' from the series.
        var xs = new double[Dense + 1];
        var ys = new double[Dense + 1];
        double maxK = 0, perimeter = 0;
        Span<double> cp = stackalloc double[Modes], sp = stackalloc double[Modes];
        for (int m = 0; m < amp.Length; m++) { cp[m] = Math.Cos(phase[m]); sp[m] = Math.Sin(phase[m]); }
        for (int j = 0; j <= Dense; j++)
        {
            double r = 1, r1 = 0, r2 = 0;
            for (int m = 0; m < amp.Length; m++)
            {
                int k = m + 2;
                double ck = CosTable[k * (Dense + 1) + j], sk = SinTable[k * (Dense + 1) + j];
                // cos(kθ + φ) and sin(kθ + φ) by the addition formulas.
                double c = ck * cp[m] - sk * sp[m], sn = sk * cp[m] + ck * sp[m];
                r += amp[m] * c;
                r1 -= amp[m] * k * sn;
                r2 -= amp[m] * k * k * c;
            }
            if (r < 0.3) return false;
            double q = r * r + r1 * r1;
            double kappa = Math.Abs(r * r + 2 * r1 * r1 - r * r2) / (q * Math.Sqrt(q));
            maxK = Math.Max(maxK, kappa);
            xs[j] = r * CosTable[Dense + 1 + j];
            ys[j] = r * SinTable[Dense + 1 + j];
            if (j > 0) perimeter += Math.Sqrt((xs[j] - xs[j - 1]) * (xs[j] - xs[j - 1]) + (ys[j] - ys[j - 1]) * (ys[j] - ys[j - 1]));
        }
        double scale = length / perimeter;
        if (maxK / scale > o.MaxCurvature) return false;
        for (int j = 0; j <= Dense; j++) { xs[j] *= scale; ys[j] *= scale; }

        var (px, py) = Resample(xs, ys, o.Spacing);
        if (!TrackChecks.HasClearance(px, py, o.LaneWidth + o.Clearance)) return false;
        track = new Track(seed.ToString(System.Globalization.CultureInfo.InvariantCulture), px, py, o.LaneWidth, seed, o.Clearance);
        return true;
    }

    /// <summary>
    /// Points evenly spaced by arc length along a closed dense polyline (last point = first).
    /// </summary>
    public static (double[] X, double[] Y) Resample(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, double spacing)
    {
        int m = xs.Length;
        var cum = new double[m];
        for (int j = 1; j < m; j++)
            cum[j] = cum[j - 1] + Math.Sqrt((xs[j] - xs[j - 1]) * (xs[j] - xs[j - 1]) + (ys[j] - ys[j - 1]) * (ys[j] - ys[j - 1]));
        double total = cum[m - 1];
        int n = Math.Max(8, (int)Math.Round(total / spacing));
        var px = new double[n];
        var py = new double[n];
        int seg = 0;
        for (int i = 0; i < n; i++)
        {
            double s = total * i / n;
            while (seg < m - 2 && cum[seg + 1] < s) seg++;
            double t = (s - cum[seg]) / (cum[seg + 1] - cum[seg]);
            px[i] = xs[seg] + t * (xs[seg + 1] - xs[seg]);
            py[i] = ys[seg] + t * (ys[seg + 1] - ys[seg]);
        }
        return (px, py);
    }
}
