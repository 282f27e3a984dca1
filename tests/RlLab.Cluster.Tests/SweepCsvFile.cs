namespace RlLab.Cluster.Tests;

/// <summary>sweep.csv (or another CSV of the sweep folder, such as eval-LABEL.csv) read by column name; empty while it is not written yet.</summary>
sealed record SweepCsvFile(string[] Header, string[][] Rows)
{
    public static SweepCsvFile Read(string sweepDir, string file = "sweep.csv")
    {
        string path = Path.Combine(sweepDir, file);
        if (!File.Exists(path)) return new([], []);
        string[] lines = File.ReadAllLines(path);
        return new(lines[0].Split(','), [.. lines.Skip(1).Select(l => l.Split(','))]);
    }

    public string Get(string[] row, string column) => row[Array.IndexOf(Header, column)];

    public IEnumerable<string[]> WithStatus(string status) => Rows.Where(r => Get(r, "status") == status);
}
