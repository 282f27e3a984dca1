namespace RlLab.Sim;

/// <summary>
/// The "mean ± std" of every results table here (over seeds, over episodes): the mean and the
/// population standard deviation; NaN for both when there are no values.
/// </summary>
public static class MeanStd
{
    public static (double Mean, double Std) Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) return (double.NaN, double.NaN);
        double mean = values.Average();
        return (mean, Math.Sqrt(values.Average(v => (v - mean) * (v - mean))));
    }
}
