using Microsoft.Data.Sqlite;

namespace RlLab.Leaderboard.Storage;

/// <summary>
/// A number that changes whenever anything is committed to the database, by this process or by
/// another (`rllab serve season next` while the server runs). It is SQLite's data_version, read on
/// one connection that never writes: that pragma counts the commits of every other connection.
/// </summary>
public sealed class ChangeStamp : IDisposable
{
    readonly SqliteConnection _watch;
    readonly Lock _gate = new();

    public ChangeStamp(Database db) => _watch = db.Open();

    public long Current()
    {
        lock (_gate)
        {
            using var cmd = _watch.CreateCommand();
            cmd.CommandText = "PRAGMA data_version";
            return (long)cmd.ExecuteScalar()!;
        }
    }

    public void Dispose()
    {
        lock (_gate) _watch.Dispose();
    }
}
