using System.Globalization;
using RlLab.Sim;

namespace RlLab.Cluster.Sweeps;

/// <summary>The sweep's result per grid point: final mean return, mean ± std over the seeds that finished.</summary>
public static class SweepSummary
{
    public static IReadOnlyList<string> Lines(SweepLedger ledger)
    {
        var lines = new List<string>();
        foreach (var point in ledger.State.Trials.GroupBy(t => string.Join(" ", t.Values.Select(v => $"{v.Key}={v.Value}"))))
        {
            double[] finals = [.. point.Where(t => t.Status == TrialStatus.Done)
                .Select(t => SweepCsv.Read(Path.Combine(ledger.TrialDirectory(t.Id), "progress.csv"), ledger.State.Target).Final)
                .OfType<double>()];
            string label = point.Key.Length == 0 ? ledger.State.Name : $"{ledger.State.Name} [{point.Key}]";
            if (finals.Length == 0) { lines.Add($"{label}: no finished trial"); continue; }
            var (mean, std) = MeanStd.Of(finals);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{label}: final mean return {mean:F1} ± {std:F1} over {finals.Length} seeds"));
        }
        return lines;
    }
}
