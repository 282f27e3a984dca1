namespace RlLab.Sim;

/// <summary>
/// Quotes a word for a command line that the output suggests (`./rllab record RUN …`), so that it can be
/// pasted into a POSIX shell as is: a path with spaces or shell characters is put in single quotes.
/// </summary>
public static class ShellQuote
{
    public static string Word(string word)
    {
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c))) return word;
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
