using System.Globalization;

namespace RlLab.Agents.Training;

/// <summary>
/// An append-only CSV file with a fixed header. On resume, rows past the checkpoint's step are
/// dropped so that the file matches the restored state.
/// </summary>
public sealed class CsvLog : IDisposable
{
    readonly StreamWriter _writer;

    public CsvLog(string path, string[] header, long? keepUpToStep = null)
    {
        if (keepUpToStep is long max && File.Exists(path))
        {
            string[] lines = File.ReadAllLines(path);
            int stepColumn = Array.IndexOf(lines[0].Split(','), "step");
            var kept = lines.Take(1).Concat(lines.Skip(1).Where(l =>
                long.TryParse(l.Split(',')[stepColumn], NumberStyles.Integer, CultureInfo.InvariantCulture, out long s) && s <= max));
            File.WriteAllLines(path, kept);
            _writer = new StreamWriter(path, append: true);
        }
        else
        {
            _writer = new StreamWriter(path, append: false);
            _writer.WriteLine(string.Join(',', header));
        }
        _writer.AutoFlush = true;
    }

    public void Row(params object?[] values) =>
        _writer.WriteLine(string.Join(',', values.Select(Format)));

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
