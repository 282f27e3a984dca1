using Microsoft.Data.Sqlite;
using RlLab.Leaderboard.Security;

namespace RlLab.Leaderboard.Storage;

public sealed record User(long Id, string Name, bool Disabled);

/// <summary>Users, their hashed tokens and the admin verbs on them. Every write is one transaction with its admin-log row.</summary>
public sealed class UserStore(Database db)
{
    /// <summary>Adds a user and returns the token, which is not stored and cannot be shown again.</summary>
    /// <exception cref="ArgumentException">the name is not allowed, taken, or looks like a taken one</exception>
    public string Add(string name)
    {
        name = Names.Check(name, "a user name", Names.MaxUser);
        string skeleton = Names.Skeleton(name);
        string token = Tokens.New();
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        if (Database.Scalar<string>(c, "SELECT name FROM users WHERE name = $n OR skeleton = $k LIMIT 1", ("$n", name), ("$k", skeleton)) is string taken)
            throw new ArgumentException(taken == name ? $"user '{name}' exists already" : $"'{name}' looks like the existing user '{taken}'");
        // Users made before skeletons were kept (schema 1) are compared one by one.
        foreach (string old in Legacy(c))
            if (Names.Skeleton(old) == skeleton) throw new ArgumentException($"'{name}' looks like the existing user '{old}'");
        Database.Execute(c, "INSERT INTO users (name, token_hash, created, skeleton) VALUES ($n, $h, $t, $k)",
            ("$n", name), ("$h", Tokens.Hash(token)), ("$t", Database.Now()), ("$k", skeleton));
        AdminLog.Write(c, "user add", name, null);
        tx.Commit();
        return token;
    }

    static List<string> Legacy(SqliteConnection c)
    {
        using var cmd = Database.Command(c, "SELECT name FROM users WHERE skeleton IS NULL");
        using var r = cmd.ExecuteReader();
        var names = new List<string>();
        while (r.Read()) names.Add(r.GetString(0));
        return names;
    }

    public User? FindByToken(string token)
    {
        using var c = db.Open();
        using var cmd = Database.Command(c, "SELECT id, name, disabled FROM users WHERE token_hash = $h", ("$h", Tokens.Hash(token)));
        using var r = cmd.ExecuteReader();
        return r.Read() ? new User(r.GetInt64(0), r.GetString(1), r.GetInt64(2) != 0) : null;
    }

    /// <summary>The user's token stops working at once; a new one is made and returned (shown once).</summary>
    public string Revoke(string name)
    {
        string token = Tokens.New();
        Change(name, "user revoke", "UPDATE users SET token_hash=$h WHERE name=$n", ("$h", Tokens.Hash(token)));
        return token;
    }

    public void Disable(string name) => Change(name, "user disable", "UPDATE users SET disabled=1 WHERE name=$n");

    public void Enable(string name) => Change(name, "user enable", "UPDATE users SET disabled=0 WHERE name=$n");

    void Change(string name, string verb, string sql, params (string Name, object? Value)[] args)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        using var cmd = Database.Command(c, sql, [("$n", name), .. args]);
        if (cmd.ExecuteNonQuery() != 1) throw new ArgumentException($"no user '{name}'");
        AdminLog.Write(c, verb, name, null);
        tx.Commit();
    }
}
