using RlLab.Sim;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RlLab.Agents.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Checkpoints;

/// <summary>Training counters and random state saved with the weights, so a run resumes where it stopped.</summary>
/// <param name="ObservationStatistics">The running mean/variance shared by the normalize_observation wrappers, if any: evaluation must see the same scaling.</param>
/// <param name="RewardStatistics">The running variance of the discounted return shared by the scale_reward wrappers, if any.</param>
/// <param name="Finished">Why the run stopped for good (a budget or the target); null while it can continue (also after a cancel).</param>
/// <param name="EnvState">The vector env's exact state, base64 (<see cref="RlLab.Envs.Vector.VectorEnv{TObs}.SaveState"/>): a resume replays it, so the run goes on bit for bit; null when it could not be saved.</param>
public sealed record TrainingState(long GlobalStep, int Iteration, int Episodes, double WallSeconds, double[] RecentReturns, string GeneratorState,
    float[]? ObservationStatistics = null, float[]? RewardStatistics = null, string? Finished = null, string? EnvState = null);

/// <summary>
/// One file: a magic line, the body's length and SHA-256, then the body: the resolved config YAML
/// (so a checkpoint is usable on its own), the training state as JSON, the policy weights and the
/// optimiser state. Every read verifies the checksum first, so a truncated or flipped file is
/// refused with its name rather than loaded. Written atomically; <c>checkpoints/latest</c> names the newest.
/// </summary>
public static class Checkpoint
{
    /// <summary>The first string of every checkpoint; the one place its version lives (writer, reader and <see cref="HasMagic"/>).</summary>
    public const string Magic = "RLLAB-CKPT-2";
    public const string LatestPointer = "latest";

    /// <summary>
    /// True when the file starts as a checkpoint of this version does: BinaryWriter's 7-bit length
    /// byte, then <see cref="Magic"/>. Lets a renamed checkpoint load as one, whatever its extension.
    /// </summary>
    public static bool HasMagic(string path)
    {
        ReadOnlySpan<byte> magic = MagicPrefix;
        Span<byte> head = stackalloc byte[magic.Length];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual(magic);
    }

    /// <summary>The bytes BinaryWriter.Write(Magic) produces (the magic is short ASCII, so one length byte).</summary>
    public static byte[] MagicPrefix => [(byte)Magic.Length, .. Encoding.ASCII.GetBytes(Magic)];

    public static string Save(string directory, string configYaml, TrainingState state, nn.Module policy, TorchSharp.Modules.OptimizerHelper? optimizer)
    {
        Directory.CreateDirectory(directory);
        string name = $"step-{state.GlobalStep:D10}.ckpt";
        string path = Path.Combine(directory, name);
        using var body = new MemoryStream();
        using (var w = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(configYaml);
            w.Write(JsonSerializer.Serialize(state));
            policy.save(w);
            w.Write(optimizer is not null);
            optimizer?.save_state_dict(w);
        }
        byte[] hash = SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length));
        AtomicFile.Write(path, stream =>
        {
            using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            w.Write(Magic);
            w.Write(body.Length);
            w.Write(hash);
            w.Flush();
            body.Position = 0;
            body.CopyTo(stream);
        });
        // Only a complete, verified-on-read file is ever named by the pointer.
        AtomicFile.WriteAllText(Path.Combine(directory, LatestPointer), name + "\n");
        return path;
    }

    /// <summary>The header of a checkpoint: its config and state, without touching torch.</summary>
    public static (string ConfigYaml, TrainingState State) ReadHeader(string path)
    {
        using var r = Open(path);
        string yaml = r.ReadString();
        TrainingState state;
        try { state = JsonSerializer.Deserialize<TrainingState>(r.ReadString()) ?? throw new JsonException("null"); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: unreadable training state ({e.Message})"); }
        return (yaml, state);
    }

    /// <summary>Loads weights (and the optimiser state when given) into existing modules.</summary>
    public static void LoadInto(string path, nn.Module policy, TorchSharp.Modules.OptimizerHelper? optimizer)
    {
        using var r = Open(path);
        r.ReadString();
        r.ReadString();
        policy.load(r);
        if (r.ReadBoolean() && optimizer is not null) optimizer.load_state_dict(r);
    }

    /// <summary>Throws <see cref="InvalidDataException"/> naming the file unless it is a complete RlLab checkpoint.</summary>
    public static void Verify(string path) => Open(path).Dispose();

    /// <summary>The newest checkpoint of a run or checkpoints folder, or the file itself (not verified: loading does that).</summary>
    public static string Resolve(string runOrCheckpoint)
    {
        if (File.Exists(runOrCheckpoint)) return runOrCheckpoint;
        string dir = Folder(runOrCheckpoint);
        string pointer = Path.Combine(dir, LatestPointer);
        if (File.Exists(pointer))
        {
            string file = Path.Combine(dir, File.ReadAllText(pointer).Trim());
            if (File.Exists(file) && file.EndsWith(".ckpt", StringComparison.Ordinal)) return file;
        }
        string? newest = Candidates(dir).FirstOrDefault();
        return newest ?? throw new FileNotFoundException($"{runOrCheckpoint}: no checkpoint found");
    }

    /// <summary>
    /// The newest checkpoint that verifies, for --resume: a damaged newer one is skipped and
    /// <paramref name="notice"/> says which and why. Throws when none is intact.
    /// </summary>
    public static string ResolveIntact(string runOrCheckpoint, Action<string>? notice = null)
    {
        if (File.Exists(runOrCheckpoint)) { Verify(runOrCheckpoint); return runOrCheckpoint; }
        string dir = Folder(runOrCheckpoint);
        string? preferred = null;
        try { preferred = Resolve(runOrCheckpoint); }
        catch (FileNotFoundException) { }
        var order = new List<string>();
        if (preferred is not null) order.Add(preferred);
        order.AddRange(Candidates(dir).Where(c => c != preferred));
        if (order.Count == 0) throw new FileNotFoundException($"{runOrCheckpoint}: no checkpoint found");
        foreach (string candidate in order)
        {
            try
            {
                Verify(candidate);
                return candidate;
            }
            catch (InvalidDataException e)
            {
                notice?.Invoke($"{e.Message}; falling back to an older checkpoint");
            }
        }
        throw new InvalidDataException($"{dir}: none of the {order.Count} checkpoints is intact");
    }

    static string Folder(string runOrCheckpoint)
    {
        string dir = Directory.Exists(Path.Combine(runOrCheckpoint, "checkpoints")) ? Path.Combine(runOrCheckpoint, "checkpoints") : runOrCheckpoint;
        if (!Directory.Exists(dir)) throw new FileNotFoundException($"{runOrCheckpoint}: no such run or checkpoint");
        return dir;
    }

    /// <summary>The checkpoint files of a folder, newest (highest step) first.</summary>
    static IEnumerable<string> Candidates(string dir) =>
        Directory.GetFiles(dir, "*.ckpt").Order(StringComparer.Ordinal).Reverse();

    /// <summary>Reads and verifies the whole file, then reads the body from memory.</summary>
    static BinaryReader Open(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { throw new FileNotFoundException($"{path}: no such checkpoint"); }
        var r = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        try
        {
            string magic = r.ReadString();
            if (magic != Magic) throw new InvalidDataException($"{path}: not an RlLab checkpoint (or one from an older version)");
            long length = r.ReadInt64();
            byte[] hash = r.ReadBytes(32);
            long start = r.BaseStream.Position;
            if (hash.Length != 32 || length < 0 || start + length > bytes.Length)
                throw new InvalidDataException($"{path}: checkpoint is truncated ({bytes.Length} bytes)");
            if (start + length != bytes.Length)
                throw new InvalidDataException($"{path}: checkpoint has {bytes.Length - start - length} bytes past its end");
            if (!SHA256.HashData(bytes.AsSpan((int)start, (int)length)).AsSpan().SequenceEqual(hash))
                throw new InvalidDataException($"{path}: checkpoint is corrupt (SHA-256 mismatch)");
            return r;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentOutOfRangeException or FormatException)
        {
            r.Dispose();
            throw new InvalidDataException($"{path}: checkpoint is truncated or not an RlLab checkpoint");
        }
        catch
        {
            r.Dispose();
            throw;
        }
    }

    public static string SaveGenerator(Generator g)
    {
        using Tensor state = g.get_state();
        return Convert.ToBase64String(state.bytes);
    }

    public static void RestoreGenerator(Generator g, string base64)
    {
        byte[] bytes = Convert.FromBase64String(base64);
        using Tensor state = empty(bytes.Length, ScalarType.Byte);
        state.bytes = bytes;
        g.set_state(state);
    }
}
