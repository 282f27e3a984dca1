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
/// (so a checkpoint is usable on its own), the training state as JSON, then the algorithm's declared
/// parts (<see cref="CheckpointPart"/>: weights, optimiser states, a replay buffer), each as its name, its
/// length and its bytes. Every read verifies the checksum first, so a truncated or flipped file is
/// refused with its name rather than loaded. Written atomically; <c>checkpoints/latest</c> names the newest.
/// Version 2 files (one policy, then a flag and one optimiser, unnamed) still load: their two pieces
/// read as the parts <c>policy</c> and <c>optimizer</c>.
/// </summary>
public static class Checkpoint
{
    /// <summary>The first string of every checkpoint this version writes; the one place its version lives (writer, reader and <see cref="HasMagic"/>).</summary>
    public const string Magic = "RLLAB-CKPT-3";
    /// <summary>The previous layout (one policy and one optimiser), still read.</summary>
    public const string MagicV2 = "RLLAB-CKPT-2";
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
        if (file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) != head.Length) return false;
        return head.SequenceEqual(magic) || head.SequenceEqual(Prefix(MagicV2));
    }

    /// <summary>The bytes BinaryWriter.Write(Magic) produces (the magic is short ASCII, so one length byte).</summary>
    public static byte[] MagicPrefix => Prefix(Magic);

    static byte[] Prefix(string magic) => [(byte)magic.Length, .. Encoding.ASCII.GetBytes(magic)];

    /// <summary>A checkpoint of one policy and (optionally) its optimiser.</summary>
    public static string Save(string directory, string configYaml, TrainingState state, nn.Module policy, TorchSharp.Modules.OptimizerHelper? optimizer) =>
        Save(directory, configYaml, state, CheckpointPart.PolicyWith(policy, optimizer));

    /// <summary>Writes the state and every declared part, in order, under their names.</summary>
    public static string Save(string directory, string configYaml, TrainingState state, IReadOnlyList<CheckpointPart> parts)
    {
        if (parts.Select(p => p.Name).Distinct().Count() != parts.Count) throw new ArgumentException("checkpoint parts need distinct names");
        Directory.CreateDirectory(directory);
        string name = $"step-{state.GlobalStep:D10}.ckpt";
        string path = Path.Combine(directory, name);
        using var body = new MemoryStream();
        using (var w = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(configYaml);
            w.Write(JsonSerializer.Serialize(state));
            w.Write(parts.Count);
            using var part = new MemoryStream();
            foreach (CheckpointPart p in parts)
            {
                part.SetLength(0);
                using (var pw = new BinaryWriter(part, Encoding.UTF8, leaveOpen: true)) p.Save(pw);
                w.Write(p.Name);
                w.Write(part.Length);
                w.Write(part.GetBuffer(), 0, (int)part.Length);
            }
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

    /// <summary>Loads the policy's weights (and the optimiser state when given) into existing modules.</summary>
    public static void LoadInto(string path, nn.Module policy, TorchSharp.Modules.OptimizerHelper? optimizer) =>
        LoadInto(path, CheckpointPart.PolicyWith(policy, optimizer));

    /// <summary>
    /// Loads each of <paramref name="parts"/> from the part of the same name. A missing part that is not
    /// optional, or a part whose reader does not consume exactly its bytes, is an <see cref="InvalidDataException"/> naming the file.
    /// </summary>
    public static void LoadInto(string path, IReadOnlyList<CheckpointPart> parts)
    {
        using var r = Open(path, out string magic);
        r.ReadString();
        r.ReadString();
        if (magic == MagicV2)
        {
            LoadVersion2(path, r, parts);
            return;
        }
        var stored = new Dictionary<string, (long Start, long Length)>(StringComparer.Ordinal);
        int count = r.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            string name = r.ReadString();
            long length = r.ReadInt64();
            long start = r.BaseStream.Position;
            if (length < 0 || start + length > r.BaseStream.Length) throw new InvalidDataException($"{path}: checkpoint part '{name}' is truncated");
            stored[name] = (start, length);
            r.BaseStream.Position = start + length;
        }
        byte[] bytes = ((MemoryStream)r.BaseStream).GetBuffer();
        foreach (CheckpointPart part in parts)
        {
            if (!stored.TryGetValue(part.Name, out var span))
            {
                if (part.Optional) continue;
                throw new InvalidDataException($"{path}: the checkpoint holds no '{part.Name}' (it has {string.Join(", ", stored.Keys)})");
            }
            using var slice = new MemoryStream(bytes, (int)span.Start, (int)span.Length, writable: false);
            using var pr = new BinaryReader(slice, Encoding.UTF8);
            part.Load(pr);
            if (slice.Position != slice.Length)
                throw new InvalidDataException($"{path}: checkpoint part '{part.Name}' has {slice.Length - slice.Position} bytes its reader did not use");
        }
    }

    /// <summary>The unnamed version 2 body: the policy, then a flag and the optimiser.</summary>
    static void LoadVersion2(string path, BinaryReader r, IReadOnlyList<CheckpointPart> parts)
    {
        foreach (CheckpointPart part in parts)
            if (part.Name is not (CheckpointPart.Policy or CheckpointPart.PolicyOptimizer) && !part.Optional)
                throw new InvalidDataException($"{path}: a version 2 checkpoint holds only a policy and an optimiser, not '{part.Name}'");
        CheckpointPart? policy = parts.FirstOrDefault(p => p.Name == CheckpointPart.Policy);
        if (policy is null) return;
        policy.Load(r);
        CheckpointPart? optimizer = parts.FirstOrDefault(p => p.Name == CheckpointPart.PolicyOptimizer);
        if (r.ReadBoolean() && optimizer is not null) optimizer.Load(r);
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

    static BinaryReader Open(string path) => Open(path, out _);

    /// <summary>Reads and verifies the whole file, then reads the body from memory.</summary>
    static BinaryReader Open(string path, out string magic)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { throw new FileNotFoundException($"{path}: no such checkpoint"); }
        var r = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true), Encoding.UTF8);
        try
        {
            magic = r.ReadString();
            if (magic != Magic && magic != MagicV2) throw new InvalidDataException($"{path}: not an RlLab checkpoint (or one from an older version)");
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
