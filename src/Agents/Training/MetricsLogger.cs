namespace RlLab.Agents.Training;

/// <summary>
/// One path for the numbers of a run, as SB3's Logger: <see cref="Record(string, double)"/> values
/// by key, then <see cref="Dump"/> writes them as one CSV row and as TensorBoard scalars.
/// A key <c>group/name</c> goes to both, under the column <c>name</c> and the tag <c>group/name</c>;
/// a key without a group (<c>step</c>, <c>episode</c>, <c>end_reason</c>) is a CSV column only.
/// NaN (not measured) is an empty cell and no scalar. The CSV header is the first row's keys, or
/// on resume the existing file's header, so that a resumed run appends under the same header.
/// A key first recorded later widens the header (the file is rewritten atomically, earlier rows
/// get empty cells), as SB3's CSV writer does, so no recorded value is dropped.
/// </summary>
public sealed class MetricsLogger : IDisposable
{
    readonly string _path;
    readonly long? _resumeStep;
    readonly Action<string>? _notice;
    readonly TorchSharp.Modules.SummaryWriter? _tensorBoard;
    readonly List<(string Key, object? Value)> _pending = [];
    readonly Dictionary<string, double> _last = [];
    readonly Dictionary<string, string> _keyOfColumn = [];
    CsvLog? _csv;
    string[]? _header;

    /// <param name="resumeStep">On resume, the checkpoint's step: rows past it are dropped (see <see cref="CsvLog"/>).</param>
    public MetricsLogger(string csvPath, TorchSharp.Modules.SummaryWriter? tensorBoard, long? resumeStep = null, Action<string>? notice = null)
    {
        _path = csvPath;
        _tensorBoard = tensorBoard;
        _resumeStep = resumeStep;
        _notice = notice;
        if (resumeStep is not null && ExistingHeader(csvPath) is string[] header) Open(header);
    }

    public void Record(string key, double value)
    {
        _pending.Add((key, value));
        _last[key] = value;
    }

    /// <summary>A count, written exactly (a double would print large steps in exponent form).</summary>
    public void Record(string key, long value)
    {
        _pending.Add((key, value));
        _last[key] = value;
    }

    /// <summary>A text cell (CSV only), for keys without a group such as <c>end_reason</c>.</summary>
    public void Record(string key, string? text) => _pending.Add((key, text));

    /// <summary>The last value recorded under <paramref name="key"/>, or NaN.</summary>
    public double Last(string key) => _last.TryGetValue(key, out double v) ? v : double.NaN;

    /// <summary>Writes what was recorded since the last dump, at <paramref name="step"/> (TensorBoard's x axis).</summary>
    public void Dump(long step)
    {
        foreach (var (key, _) in _pending)
            if (_keyOfColumn.TryGetValue(Column(key), out string? other) && other != key)
                throw new InvalidOperationException($"{_path}: the keys {other} and {key} share the column {Column(key)}");
            else _keyOfColumn[Column(key)] = key;
        if (_csv is null) Open([.. _pending.Select(p => Column(p.Key)).Distinct()]);
        string[] added = [.. _pending.Select(p => Column(p.Key)).Distinct().Where(c => !_header!.Contains(c))];
        if (added.Length > 0)
        {
            _header = [.. _header!, .. added];
            _csv!.Widen(_header);
        }
        var row = new object?[_header!.Length];
        foreach (var (key, value) in _pending)
        {
            row[Array.IndexOf(_header, Column(key))] = value;
            double scalar = value switch { double d => d, long l => l, _ => double.NaN };
            if (!double.IsNaN(scalar) && key.Contains('/')) _tensorBoard?.add_scalar(key, (float)scalar, (int)step);
        }
        _csv!.Row(row);
        _pending.Clear();
    }

    static string Column(string key) => key[(key.LastIndexOf('/') + 1)..];

    void Open(string[] header)
    {
        _header = header;
        _csv = new CsvLog(_path, header, _resumeStep, _notice);
    }

    /// <summary>The header of an existing file with at least its header line complete, or null.</summary>
    static string[]? ExistingHeader(string path)
    {
        if (!File.Exists(path)) return null;
        using var reader = new StreamReader(path);
        var line = new System.Text.StringBuilder();
        int c;
        while ((c = reader.Read()) >= 0 && c != '\n') line.Append((char)c);
        string[] header = line.ToString().Split(',');
        return c == '\n' && header.Contains("step") ? header : null;
    }

    public void Dispose() => _csv?.Dispose();
}
