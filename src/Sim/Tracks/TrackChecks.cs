namespace RlLab.Sim.Tracks;

/// <summary>
/// Geometric checks on closed centrelines, with a spatial hash so they cost O(n), not O(n²).
/// </summary>
public static class TrackChecks
{
    /// <summary>
    /// True when any two centreline points closer than <paramref name="minDistance"/> are also
    /// close along the loop (within 3·minDistance of arc), i.e. different parts of the road never
    /// come near each other. Assumes roughly even spacing.
    /// </summary>
    public static bool HasClearance(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double minDistance)
    {
        int n = x.Length;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            int j = (i + 1) % n;
            total += Math.Sqrt((x[j] - x[i]) * (x[j] - x[i]) + (y[j] - y[i]) * (y[j] - y[i]));
        }
        double spacing = total / n;
        int arcWindow = (int)Math.Ceiling(3 * minDistance / spacing);
        if (2 * arcWindow >= n) return false;

        double minX = double.MaxValue, minY = double.MaxValue;
        for (int i = 0; i < n; i++) { minX = Math.Min(minX, x[i]); minY = Math.Min(minY, y[i]); }
        var buckets = new Dictionary<long, List<int>>();
        for (int i = 0; i < n; i++)
        {
            long key = Key((int)((x[i] - minX) / minDistance), (int)((y[i] - minY) / minDistance));
            if (!buckets.TryGetValue(key, out var list)) buckets[key] = list = [];
            list.Add(i);
        }
        double min2 = minDistance * minDistance;
        for (int i = 0; i < n; i++)
        {
            int bx = (int)((x[i] - minX) / minDistance), by = (int)((y[i] - minY) / minDistance);
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                {
                    if (!buckets.TryGetValue(Key(bx + dx, by + dy), out var list)) continue;
                    foreach (int j in list)
                    {
                        int gap = Math.Abs(i - j);
                        gap = Math.Min(gap, n - gap);
                        if (gap <= arcWindow) continue;
                        double ex = x[i] - x[j], ey = y[i] - y[j];
                        if (ex * ex + ey * ey < min2) return false;
                    }
                }
        }
        return true;
    }

    static long Key(int bx, int by) => ((long)bx << 32) ^ (uint)by;
}
