using RlLab.Sim;
using System.Globalization;

namespace RlLab.Agents.Training;

/// <summary>
/// An append-only CSV file with a fixed header. On resume the file is made to match the restored
/// state: a torn last line (a kill mid-write) and rows past the checkpoint's step are dropped, and
/// a missing or empty file is started again, with a notice of what was lost. The rewrite is atomic.
/// <see cref="Widen"/> adds columns later, as SB3's CSV writer does: the file is rewritten
/// (atomically) under the wider header, the earlier rows with empty cells in the new columns.
/// </summary>
public sealed class CsvLog : IDisposable
{
    readonly string _path;
    StreamWriter _writer;
    int _columns;

    public CsvLog(string path, string[] header, long? keepUpToStep = null, Action<string>? notice = null)
    {
        _path = path;
        _columns = header.Length;
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
            _writer = Append(path);
        }
        else
        {
            _writer = new StreamWriter(path, append: false) { AutoFlush = true };
            _writer.Write(headerLine + "\n");
        }
    }

    static StreamWriter Append(string path) => new(path, append: true) { AutoFlush = true };

    /// <summary>
    /// Replaces the header by <paramref name="header"/>, which must start with the current one and
    /// add columns; every row written so far gets an empty cell for each new column.
    /// </summary>
    public void Widen(string[] header)
    {
        if (header.Length <= _columns) throw new ArgumentException($"{_path}: a wider header has more than {_columns} columns", nameof(header));
        _writer.Dispose();
        string[] lines = File.ReadAllText(_path).Split('\n');
        string pad = new(',', header.Length - _columns);
        var text = new System.Text.StringBuilder(string.Join(',', header)).Append('\n');
        // Rows are whole lines (each went out in one write); the split leaves "" after the last.
        foreach (string row in lines.Skip(1).Take(lines.Length - 2)) text.Append(row).Append(pad).Append('\n');
        AtomicFile.WriteAllText(_path, text.ToString());
        _columns = header.Length;
        _writer = Append(_path);
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
