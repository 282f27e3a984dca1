using RlLab.Sim;
using System.Text.Json;
using RlLab.Agents.Training;
using RlLab.Cluster.Grains;

namespace RlLab.Cluster.Sweeps;

/// <summary>
/// The owner's book-keeping, apart from Orleans so it can be tested alone: the queue of trials,
/// their attempts, and the sweep folder (one run directory a trial, sweep.json, sweep.csv).
/// A result counts only from a trial's newest attempt, so each trial is recorded exactly once.
/// </summary>
public sealed class SweepLedger
{
    /// <summary>An attempt lost with its worker is run again, up to this many attempts in all.</summary>
    public const int MaxAttempts = 5;
    /// <summary>
    /// A running attempt reports every second; one silent this long is lost even though its worker
    /// lives (a start that never reached the worker's trial grain), and runs again.
    /// </summary>
    public static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(30);
    public const int ChunkBytes = 1 << 20;
    public const string StateFile = "sweep.json";
    public const string CsvFile = "sweep.csv";

    readonly Lock gate = new();
    readonly SweepState state;
    readonly Dictionary<(string Trial, int Attempt, int Snapshot), Dictionary<string, byte[]?[]>> assembling = [];
    readonly List<(string Trial, int Attempt)> recorded = [];
    readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    readonly TimeProvider clock;
    string? writeError;

    public SweepLedger(string directory, SweepState state, TimeProvider? clock = null)
    {
        this.clock = clock ?? TimeProvider.System;
        Directory = Path.GetFullPath(directory);
        this.state = state;
        // A sweep resumed after its client died: what was running is pending again, from its shipped checkpoint.
        foreach (TrialRecord t in state.Trials.Where(t => t.Status == TrialStatus.Running)) t.Status = TrialStatus.Pending;
        Save();
        CheckDone();
    }

    public string Directory { get; }
    public string Id => Path.GetFileName(Directory);
    public Task Completion => done.Task;
    public SweepState State => state;

    /// <summary>
    /// Why the sweep folder could not be written (a full disk), or null. From then on no trial is handed
    /// out, and the sweep ends when the running ones have: `sweep --resume` continues it from sweep.json.
    /// </summary>
    public string? WriteError { get { lock (gate) return writeError; } }

    /// <summary>Every result accepted, as (trial, attempt): each trial once (what the tests check).</summary>
    public IReadOnlyList<(string Trial, int Attempt)> Recorded() { lock (gate) return [.. recorded]; }

    /// <summary>The newest attempt's silo of every running trial.</summary>
    public IReadOnlyList<(string Trial, string Worker)> Running()
    {
        lock (gate) return [.. state.Trials.Where(t => t.Status == TrialStatus.Running && t.Worker is not null).Select(t => (t.Id, t.Worker!))];
    }

    public string TrialDirectory(string trialId) => Path.Combine(Directory, trialId);

    public SweepCounts Counts()
    {
        lock (gate)
            return new SweepCounts(state.Trials.Count, state.Trials.Count(t => t.Status == TrialStatus.Done),
                state.Trials.Count(t => t.Status == TrialStatus.Failed), state.Trials.Count(t => t.Status == TrialStatus.Running),
                state.Trials.Sum(t => Math.Max(0, t.Attempts - 1)));
    }

    /// <summary>Wall seconds of finished trials, for the ETA.</summary>
    public double[] FinishedWallSeconds()
    {
        lock (gate) return [.. state.Trials.Where(t => t.Status == TrialStatus.Done).Select(t => t.WallSeconds)];
    }

    public TrialAssignment? Claim(string worker)
    {
        lock (gate)
        {
            if (writeError is not null) return null;
            TrialRecord? t = state.Trials.FirstOrDefault(t => t.Status == TrialStatus.Pending);
            if (t is null) return null;
            t.Status = TrialStatus.Running;
            t.Attempts++;
            t.Worker = worker;
            t.StartedUtc = t.HeardUtc = Now;
            t.Step = 0;
            Save();
            string[] resume = ResumeFiles(t.Id);
            if (resume.Length == 0) ClearTrialDirectory(t.Id);
            var spec = new TrialSpec(t.Id, t.Seed, t.Values);
            return new TrialAssignment(Id, t.Id, t.Attempts, state.Experiment, [.. state.Sets, .. spec.Overrides()], resume);
        }
    }

    /// <summary>The files of the trial's last shipped checkpoint, if it has one: what `train --resume` needs.</summary>
    string[] ResumeFiles(string trialId)
    {
        string dir = TrialDirectory(trialId);
        string latest = Path.Combine(dir, "checkpoints", "latest");
        if (!File.Exists(latest) || !File.Exists(Path.Combine(dir, "config.yaml"))) return [];
        string ckpt = "checkpoints/" + File.ReadAllText(latest).Trim();
        if (!File.Exists(Path.Combine(dir, ckpt))) return [];
        return [.. new[] { "config.yaml", "progress.csv", "episodes.csv", ckpt, "checkpoints/latest" }.Where(f => File.Exists(Path.Combine(dir, f)))];
    }

    void ClearTrialDirectory(string trialId)
    {
        string dir = TrialDirectory(trialId);
        if (System.IO.Directory.Exists(dir)) System.IO.Directory.Delete(dir, recursive: true);
    }

    public byte[] ReadResumeChunk(string trialId, int attempt, int file, int chunk)
    {
        lock (gate)
        {
            TrialRecord t = Find(trialId);
            if (t.Attempts != attempt) return [];
            t.HeardUtc = Now;
            string[] files = ResumeFiles(trialId);
            if (file < 0 || file >= files.Length) return [];
            using var stream = File.OpenRead(Path.Combine(TrialDirectory(trialId), files[file]));
            stream.Position = Math.Min(stream.Length, (long)chunk * ChunkBytes);
            var buffer = new byte[(int)Math.Min(ChunkBytes, stream.Length - stream.Position)];
            stream.ReadExactly(buffer);
            return buffer;
        }
    }

    public void Progress(TrialProgress p)
    {
        lock (gate)
        {
            TrialRecord t = Find(p.TrialId);
            if (t.Attempts == p.Attempt && t.Status == TrialStatus.Running) (t.Step, t.HeardUtc) = (p.Step, Now);
        }
    }

    /// <summary>Adds a chunk; a snapshot whose chunks have all come is written into the trial's run directory.</summary>
    public void Chunk(FileChunk c)
    {
        lock (gate)
        {
            TrialRecord t = Find(c.TrialId);
            if (t.Attempts != c.Attempt || t.Status != TrialStatus.Running) return;
            t.HeardUtc = Now;
            if (c.RelativePath.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(c.RelativePath)) return;
            var key = (c.TrialId, c.Attempt, c.Snapshot);
            if (!assembling.TryGetValue(key, out var files)) assembling[key] = files = [];
            if (!files.TryGetValue(c.RelativePath, out var chunks)) files[c.RelativePath] = chunks = new byte[]?[c.Count];
            if (c.Index < 0 || c.Index >= chunks.Length) return;
            chunks[c.Index] = c.Bytes;
            if (files.Count < c.FilesInSnapshot || files.Values.Any(f => f.Any(b => b is null))) return;
            assembling.Remove(key);
            string dir = TrialDirectory(c.TrialId);
            try
            {
                foreach (var (rel, parts) in files.OrderBy(f => f.Key == "checkpoints/latest" ? 1 : 0))
                {
                    string path = Path.Combine(dir, rel);
                    System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    AtomicFile.Write(path, s => { foreach (byte[]? part in parts) s.Write(part!); });
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The worker hears of it (and reports the trial failed); the sweep hands out no more trials.
                writeError ??= Reason(e);
                throw;
            }
            // Older checkpoints of this trial are no longer needed: the newest one is what a retry resumes from.
            string checkpoints = Path.Combine(dir, "checkpoints");
            if (files.Keys.Any(k => k.EndsWith(".ckpt", StringComparison.Ordinal)) && File.Exists(Path.Combine(checkpoints, "latest")))
            {
                string keep = File.ReadAllText(Path.Combine(checkpoints, "latest")).Trim();
                foreach (string old in System.IO.Directory.EnumerateFiles(checkpoints, "*.ckpt").Where(f => Path.GetFileName(f) != keep))
                    File.Delete(old);
            }
        }
    }

    /// <summary>The snapshot number of the files shipped after the child exited.</summary>
    public const int FinalSnapshot = int.MaxValue;

    public void Finished(TrialOutcome o)
    {
        lock (gate)
        {
            TrialRecord t = Find(o.TrialId);
            if (t.Attempts != o.Attempt || t.Status != TrialStatus.Running) return;
            t.Status = o.ExitCode == 0 ? TrialStatus.Done : TrialStatus.Failed;
            t.ExitCode = o.ExitCode;
            t.WallSeconds = o.WallSeconds;
            t.Error = o.Error;
            recorded.Add((o.TrialId, o.Attempt));
            foreach (var key in assembling.Keys.Where(k => k.Trial == o.TrialId).ToList()) assembling.Remove(key);
            Save();
            CheckDone();
        }
    }

    DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Trials whose worker membership declared dead, or silent for <see cref="SilenceLimit"/>, run
    /// again (from their last shipped checkpoint).
    /// </summary>
    public int Requeue(Func<string, bool> isDead)
    {
        lock (gate)
        {
            DateTime now = Now;
            int count = 0;
            foreach (TrialRecord t in state.Trials.Where(t => t.Status == TrialStatus.Running && t.Worker is { } w && (isDead(w) || now - t.HeardUtc > SilenceLimit)))
            {
                t.Status = t.Attempts >= MaxAttempts ? TrialStatus.Failed : TrialStatus.Pending;
                if (t.Status == TrialStatus.Failed) t.Error = $"its worker died or fell silent {t.Attempts} times";
                count++;
            }
            if (count > 0) { Save(); CheckDone(); }
            return count;
        }
    }

    TrialRecord Find(string id) => state.Trials.FirstOrDefault(t => t.Id == id) ?? throw new ArgumentException($"no trial {id} in sweep {Id}");

    void CheckDone()
    {
        // After a write error the pending trials stay pending (for a resume): the sweep ends with the running ones.
        if (state.Trials.All(t => t.Status is TrialStatus.Done or TrialStatus.Failed)
            || writeError is not null && !state.Trials.Any(t => t.Status == TrialStatus.Running))
            done.TrySetResult();
    }

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>The OS's reason without the temporary file's path ("No space left on device : '…/x.tmp-123'").</summary>
    static string Reason(Exception e) => e.Message.Split(" : '")[0].TrimEnd('.');

    /// <summary>
    /// Writes sweep.json and sweep.csv. A failure (a full disk) does not throw into the grain call that
    /// changed the state, which would lose that change's bookkeeping (and once hung the sweep): it stops
    /// the sweep instead (<see cref="WriteError"/>), and sweep.json keeps its last good content.
    /// </summary>
    void Save()
    {
        if (writeError is not null) return;
        try
        {
            AtomicFile.WriteAllText(Path.Combine(Directory, StateFile), JsonSerializer.Serialize(state, Json));
            SweepCsv.Write(Path.Combine(Directory, CsvFile), state, this);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            writeError = Reason(e);
        }
    }

    public static SweepState Load(string directory)
    {
        string path = Path.Combine(directory, StateFile);
        if (!File.Exists(path)) throw new SweepException($"{directory}: not a sweep folder (no {StateFile})");
        try
        {
            return JsonSerializer.Deserialize<SweepState>(File.ReadAllText(path), Json) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            // System.Text.Json's own text ("'x' is an invalid start of a value. Path: $ | LineNumber: …") is not for users.
            string where = e.LineNumber is long line ? $":{line + 1}" : "";
            throw new SweepException($"{path}{where}: not a sweep state file (damaged or edited); restore it, or start the sweep again in a new folder");
        }
    }

    /// <summary>
    /// A resumed sweep's ledger checked against its files: a trial marked done whose run folder lacks its
    /// results (deleted, or never fully copied back) runs again, and so does one that failed outside its own
    /// training (copying its files back, a full disk, a lost worker). A trial whose own training failed stays
    /// failed (it would fail again), unless <paramref name="retryFailed"/>: a crash (a native fault) is not
    /// a property of the trial. Returns a line for each.
    /// </summary>
    public static IReadOnlyList<string> Recheck(string directory, SweepState state, bool retryFailed = false)
    {
        var notes = new List<string>();
        foreach (TrialRecord t in state.Trials)
        {
            if (t.Status == TrialStatus.Done && MissingResult(Path.Combine(directory, t.Id)) is string missing)
            {
                notes.Add($"{t.Id}: marked done but {missing}; running it again");
                t.Status = TrialStatus.Pending;
            }
            else if (t.FailedOutsideTraining)
            {
                notes.Add($"{t.Id}: failed outside its training ({t.Error}); running it again");
                (t.Status, t.Error, t.ExitCode) = (TrialStatus.Pending, null, 0);
            }
            else if (retryFailed && t.Status == TrialStatus.Failed)
            {
                notes.Add($"{t.Id}: its training failed (exit {t.ExitCode}); running it again (--retry-failed)");
                (t.Status, t.ExitCode) = (TrialStatus.Pending, 0);
            }
        }
        return notes;
    }

    /// <summary>What a finished trial's run folder lacks, or null: its config, progress and a checkpoint that `latest` names.</summary>
    static string? MissingResult(string dir)
    {
        if (!System.IO.Directory.Exists(dir)) return "its folder is missing";
        foreach (string f in new[] { "config.yaml", "progress.csv", "checkpoints/latest" })
            if (!File.Exists(Path.Combine(dir, f))) return $"{f} is missing";
        string latest = File.ReadAllText(Path.Combine(dir, "checkpoints", "latest")).Trim();
        return File.Exists(Path.Combine(dir, "checkpoints", latest)) ? null : $"its checkpoint {latest} is missing";
    }

    public static void Create(string directory, SweepState state)
    {
        System.IO.Directory.CreateDirectory(directory);
        AtomicFile.WriteAllText(Path.Combine(directory, StateFile), JsonSerializer.Serialize(state, Json));
    }
}
