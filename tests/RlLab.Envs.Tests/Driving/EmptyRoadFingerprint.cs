using System.Runtime.InteropServices;
using System.Security.Cryptography;
using RlLab.Envs.Driving;
using RlLab.Envs.Registry;

namespace RlLab.Envs.Tests.Driving;

/// <summary>
/// A fingerprint of driving episodes: SHA-256 over every observation, reward and flag of a scripted
/// drive (the centreline driver plus a weave that makes some episodes crash and reset). Depends on
/// the env API alone, so the same file compiled against an older commit gives that commit's value.
/// </summary>
static class EmptyRoadFingerprint
{
    public static string Of(int seed, params (string Key, object? Value)[] options)
    {
        IEnv env = EnvRegistry.Default.Make("Driving", new EnvOptions(options.ToDictionary(o => o.Key, o => o.Value)));
        DrivingCore core = ((IDrivingEnv)env).Core;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var action = new float[2];
        return env switch
        {
            IEnv<float> f => Drive(f, core, seed, action, hash),
            IEnv<byte> b => Drive(b, core, seed, action, hash),
            _ => throw new InvalidOperationException(),
        };
    }

    static string Drive<T>(IEnv<T> env, DrivingCore core, int seed, float[] action, IncrementalHash hash) where T : unmanaged
    {
        var obs = new T[env.ObservationSpace.FlatSize];
        env.Reset(obs, seed);
        hash.AppendData(MemoryMarshal.AsBytes(obs.AsSpan()));
        for (int step = 0; step < 600; step++)
        {
            CentrelineDriver.Act(core, action);
            action[0] += (float)(0.03 * Math.Sin(step * 0.05 + seed));
            StepResult r = env.Step(action, obs);
            hash.AppendData(MemoryMarshal.AsBytes(obs.AsSpan()));
            hash.AppendData(BitConverter.GetBytes(r.Reward));
            hash.AppendData([(byte)(r.Terminated ? 1 : 0), (byte)(r.Truncated ? 1 : 0)]);
            if (r.Done) env.Reset(obs);
        }
        return Convert.ToHexString(hash.GetHashAndReset())[..16];
    }
}
