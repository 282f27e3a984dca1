using System.Text;
using System.Text.Json;
using RlLab.Agents.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Checkpoints;

/// <summary>Training counters and random state saved with the weights, so a run resumes where it stopped.</summary>
/// <param name="ObservationStatistics">The running mean/variance of a normalize_observation wrapper (env 0), if any: evaluation must see the same scaling.</param>
public sealed record TrainingState(long GlobalStep, int Iteration, int Episodes, double WallSeconds, double[] RecentReturns, string GeneratorState,
    float[]? ObservationStatistics = null);

/// <summary>
/// One file: a magic header, the resolved config YAML (so a checkpoint is usable on its own),
/// the training state as JSON, the policy weights and the optimiser state. Written atomically:
/// to a temporary file, flushed, then renamed; <c>checkpoints/latest</c> names the newest.
/// </summary>
public static class Checkpoint
{
    const string Magic = "RLLAB-CKPT-1";
    public const string LatestPointer = "latest";

    public static string Save(string directory, string configYaml, TrainingState state, nn.Module policy, TorchSharp.Modules.OptimizerHelper? optimizer)
    {
        Directory.CreateDirectory(directory);
        string name = $"step-{state.GlobalStep:D10}.ckpt";
        string path = Path.Combine(directory, name);
        AtomicFile.Write(path, stream =>
        {
            using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            w.Write(Magic);
            w.Write(configYaml);
            w.Write(JsonSerializer.Serialize(state));
            policy.save(w);
            w.Write(optimizer is not null);
            optimizer?.save_state_dict(w);
        });
        AtomicFile.WriteAllText(Path.Combine(directory, LatestPointer), name + "\n");
        return path;
    }

    /// <summary>The header of a checkpoint: its config and state, without touching torch.</summary>
    public static (string ConfigYaml, TrainingState State) ReadHeader(string path)
    {
        using var r = Open(path);
        return (r.ReadString(), JsonSerializer.Deserialize<TrainingState>(r.ReadString())!);
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

    /// <summary>The newest checkpoint of a run or checkpoints folder, or the file itself.</summary>
    public static string Resolve(string runOrCheckpoint)
    {
        if (File.Exists(runOrCheckpoint)) return runOrCheckpoint;
        string dir = Directory.Exists(Path.Combine(runOrCheckpoint, "checkpoints")) ? Path.Combine(runOrCheckpoint, "checkpoints") : runOrCheckpoint;
        if (!Directory.Exists(dir)) throw new FileNotFoundException($"{runOrCheckpoint}: no such run or checkpoint");
        string pointer = Path.Combine(dir, LatestPointer);
        if (File.Exists(pointer))
        {
            string file = Path.Combine(dir, File.ReadAllText(pointer).Trim());
            if (File.Exists(file)) return file;
        }
        string? newest = Directory.GetFiles(dir, "*.ckpt").Order(StringComparer.Ordinal).LastOrDefault();
        return newest ?? throw new FileNotFoundException($"{runOrCheckpoint}: no checkpoint found");
    }

    static BinaryReader Open(string path)
    {
        var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        string magic;
        try { magic = r.ReadString(); }
        catch (Exception e) when (e is EndOfStreamException or IOException) { magic = ""; }
        if (magic != Magic)
        {
            r.Dispose();
            throw new InvalidDataException($"{path}: not an RlLab checkpoint");
        }
        return r;
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
