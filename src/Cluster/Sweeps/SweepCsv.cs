using RlLab.Sim;
using System.Globalization;
using System.Text;
using RlLab.Agents.Training;

namespace RlLab.Cluster.Sweeps;

/// <summary>sweep.csv: one row a trial, its values, results read from its progress.csv, status and attempts.</summary>
public static class SweepCsv
{
    public static readonly string[] ResultColumns =
        ["status", "attempts", "steps", "final_mean_return", "best_mean_return", "time_to_target_seconds", "train_seconds", "wall_seconds", "worker"];

    public static void Write(string path, SweepState state, SweepLedger ledger)
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', ["trial", "seed", .. state.Grid.Select(g => g.Key), .. ResultColumns]));
        foreach (TrialRecord t in state.Trials)
        {
            Curve c = Read(Path.Combine(ledger.TrialDirectory(t.Id), "progress.csv"), state.Target);
            bool ended = t.Status is TrialStatus.Done or TrialStatus.Failed;
            csv.AppendLine(string.Join(',', [t.Id, F(t.Seed), .. t.Values.Select(v => Cell(v.Value)),
                t.Status.ToString().ToLowerInvariant(), F(t.Attempts), ended ? F(c.Steps) : "",
                ended ? F(c.Final) : "", ended ? F(c.Best) : "", ended ? F(c.TimeToTarget) : "", ended ? F(c.TrainSeconds) : "",
                ended ? F(t.WallSeconds) : "", t.Worker ?? ""]));
        }
        AtomicFile.WriteAllText(path, csv.ToString());
    }

    /// <summary>A grid value as a CSV cell: quoted (RFC 4180) when it holds a comma or a quote, as a list value does.</summary>
    internal static string Cell(string v) => v.IndexOfAny([',', '"', '\n']) < 0 ? v : "\"" + v.Replace("\"", "\"\"") + "\"";

    static string F(double? v) => v is double d && double.IsFinite(d) ? d.ToString("0.###", CultureInfo.InvariantCulture) : "";

    static string F(long v) => v.ToString(CultureInfo.InvariantCulture);

    public sealed record Curve(long Steps, double? Final, double? Best, double? TimeToTarget, double? TrainSeconds);

    /// <summary>The final and best mean return of a progress.csv, and the first wall time it reached the target.</summary>
    public static Curve Read(string progress, double? target)
    {
        if (!File.Exists(progress)) return new Curve(0, null, null, null, null);
        string[] lines = File.ReadAllLines(progress);
        if (lines.Length < 2) return new Curve(0, null, null, null, null);
        string[] header = lines[0].Split(',');
        int step = Array.IndexOf(header, "step"), mean = Array.IndexOf(header, "mean_return"), wall = Array.IndexOf(header, "wall_seconds");
        if (step < 0 || mean < 0 || wall < 0) return new Curve(0, null, null, null, null);
        long steps = 0;
        double? final = null, best = null, reached = null, seconds = null;
        foreach (string line in lines.Skip(1))
        {
            string[] f = line.Split(',');
            if (f.Length != header.Length) continue;
            steps = long.Parse(f[step], CultureInfo.InvariantCulture);
            seconds = double.Parse(f[wall], CultureInfo.InvariantCulture);
            if (!double.TryParse(f[mean], CultureInfo.InvariantCulture, out double m) || !double.IsFinite(m)) continue;
            final = m;
            best = best is null ? m : Math.Max(best.Value, m);
            if (reached is null && target is double goal && m >= goal) reached = seconds;
        }
        return new Curve(steps, final, best, reached, seconds);
    }
}
