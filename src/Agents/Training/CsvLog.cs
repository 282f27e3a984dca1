using System.Globalization;

namespace RlLab.Agents.Training;

/// <summary>
/// An append-only CSV file with a fixed header. On resume the file is made to match the restored
/// state: a torn last line (a kill mid-write) and rows past the checkpoint's step are dropped, and
/// a missing or empty file is started again, with a notice of what was lost. The rewrite is atomic.
/// </summary>
public sealed class CsvLog : IDisposable
{
    readonly StreamWriter _writer;

    public CsvLog(string path, string[] header, long? keepUpToStep = null, Action<string>? notice = null)
    {
        string headerLine = string.Join(',', header);
        if (keepUpToStep is long max)
        {
            string text = File.Exists(path) ? File.ReadAllText(path) : "";
            string[] lines = text.Split('\n');
            // A last line without its newline was torn by a kill; Split leaves "" after a complete one.
            var complete = lines.Take(lines.Length - 1).ToList();
            if (complete.Count == 0 || complete[0] != headerLine)
            {
                if (max > 0)
                    notice?.Invoke($"{Path.GetFileName(path)} was {(text.Length == 0 ? "missing or empty" : "unreadable")}: its rows up to step {max} are lost; new rows are appended from there");
                complete = [headerLine];
            }
            int stepColumn = Array.IndexOf(header, "step");
            var kept = complete.Take(1).Concat(complete.Skip(1).Where(l =>
            {
                string[] cells = l.Split(',');
                return cells.Length == header.Length
                    && long.TryParse(cells[stepColumn], NumberStyles.Integer, CultureInfo.InvariantCulture, out long s) && s <= max;
            }));
            AtomicFile.WriteAllText(path, string.Concat(kept.Select(l => l + "\n")));
            _writer = new StreamWriter(path, append: true);
        }
        else
        {
            _writer = new StreamWriter(path, append: false);
            _writer.Write(headerLine + "\n");
        }
        _writer.AutoFlush = true;
    }

    /// <summary>One row; the line and its newline go out in one write, so a kill tears at most the last line.</summary>
    public void Row(params object?[] values) =>
        _writer.Write(string.Join(',', values.Select(Format)) + "\n");

    static string Format(object? v) => v switch
    {
        null => "",
        double d when double.IsNaN(d) => "",
        double d => d.ToString("G9", CultureInfo.InvariantCulture),
        float f => f.ToString("G9", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    public void Dispose() => _writer.Dispose();
}
