using RlLab.Leaderboard.Security;

namespace RlLab.Leaderboard.Storage;

public sealed record User(long Id, string Name);

/// <summary>Users and their hashed tokens.</summary>
public sealed class UserStore(Database db)
{
    /// <summary>Adds a user and returns the token, which is not stored and cannot be shown again.</summary>
    public string Add(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64) throw new ArgumentException("a user name has 1 to 64 characters");
        string token = Tokens.New();
        using var c = db.Open();
        if (Database.Scalar<long>(c, "SELECT COUNT(*) FROM users WHERE name = $n", ("$n", name)) > 0)
            throw new ArgumentException($"user '{name}' exists already");
        Database.Execute(c, "INSERT INTO users (name, token_hash, created) VALUES ($n, $h, $t)",
            ("$n", name), ("$h", Tokens.Hash(token)), ("$t", Database.Now()));
        return token;
    }

    public User? FindByToken(string token)
    {
        using var c = db.Open();
        using var cmd = Database.Command(c, "SELECT id, name FROM users WHERE token_hash = $h", ("$h", Tokens.Hash(token)));
        using var r = cmd.ExecuteReader();
        return r.Read() ? new User(r.GetInt64(0), r.GetString(1)) : null;
    }
}
