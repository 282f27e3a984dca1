using Microsoft.Data.Sqlite;

namespace RlLab.Leaderboard.Storage;

public sealed record AdminEntry(long At, string Verb, string Target, string? Note);

/// <summary>Every admin verb, with its time, in the database: written in the same transaction as the change it records.</summary>
public static class AdminLog
{
    internal static void Write(SqliteConnection c, string verb, string target, string? note) =>
        Database.Execute(c, "INSERT INTO admin_log (at, verb, target, note) VALUES ($t, $v, $g, $n)",
            ("$t", Database.Now()), ("$v", verb), ("$g", target), ("$n", note));

    public static IReadOnlyList<AdminEntry> Read(Database db)
    {
        using var c = db.Open();
        using var cmd = Database.Command(c, "SELECT at, verb, target, note FROM admin_log ORDER BY id");
        using var r = cmd.ExecuteReader();
        var list = new List<AdminEntry>();
        while (r.Read()) list.Add(new AdminEntry(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)));
        return list;
    }
}
