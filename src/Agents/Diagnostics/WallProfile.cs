using RlLab.Sim;
using System.Diagnostics;
using System.Text.Json;
using RlLab.Agents.Training;

namespace RlLab.Agents.Diagnostics;

/// <summary>The parts of a training run's wall time that <c>rllab train --profile</c> reports.</summary>
public enum ProfileSection { EnvStep, ObservationCopy, Inference, Backward, Optimiser, LoggingIo }

/// <summary>
/// Wall-time breakdown of one training process (`rllab train --profile` → profile.json). Off by
/// default: then each probe is one branch. Process-wide, as the process trains one run.
/// </summary>
public static class WallProfile
{
    static readonly long[] Ticks = new long[Enum.GetValues<ProfileSection>().Length];
    static double _startup = double.NaN;

    public static bool Enabled { get; set; }

    public static long Start() => Enabled ? Stopwatch.GetTimestamp() : 0;

    public static void Stop(ProfileSection section, long start)
    {
        if (Enabled) Ticks[(int)section] += Stopwatch.GetTimestamp() - start;
    }

    /// <summary>Called before each env step; the first call fixes the start-up time (launch → first env step).</summary>
    public static void BeforeEnvStep()
    {
        if (Enabled && double.IsNaN(_startup)) _startup = SinceLaunch();
    }

    static readonly List<KeyValuePair<string, double>> Marks = [];

    /// <summary>A point of the start-up (seconds since launch), so that the profile shows where it goes.</summary>
    public static void Mark(string what)
    {
        if (Enabled && double.IsNaN(_startup)) Marks.Add(new(what, Math.Round(SinceLaunch(), 3)));
    }

    static double SinceLaunch() => (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds;

    /// <summary>
    /// Writes profile.json: start-up (launch → first env step), the loop (first env step → the stop),
    /// seconds per section within it and the rest as "other". The final checkpoint, curve and
    /// evaluation come after the stop and are not counted.
    /// </summary>
    public static void Write(string path, double secondsFromLaunch, long steps)
    {
        var sections = Enum.GetValues<ProfileSection>().ToDictionary(Name, s => Math.Round(Ticks[(int)s] / (double)Stopwatch.Frequency, 3));
        double measured = sections.Values.Sum();
        double loop = secondsFromLaunch - _startup;
        var doc = new Dictionary<string, object>
        {
            ["steps"] = steps,
            ["launch_to_end_s"] = Math.Round(secondsFromLaunch, 3),
            ["startup_to_first_env_step_s"] = Math.Round(_startup, 3),
            ["startup_marks_s"] = Marks.ToDictionary(m => m.Key, m => m.Value),
            ["training_loop_s"] = Math.Round(loop, 3),
            ["sections_s"] = sections,
            ["other_in_loop_s"] = Math.Round(loop - measured, 3),
            ["note"] = "launch_to_end: launch to the stop rule; training_loop: first env step to the stop; other_in_loop: the learner's forward pass and losses, GAE, episode bookkeeping",
        };
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    static string Name(ProfileSection s) => s switch
    {
        ProfileSection.EnvStep => "env_step",
        ProfileSection.ObservationCopy => "observation_copy",
        ProfileSection.Inference => "inference",
        ProfileSection.Backward => "backward",
        ProfileSection.Optimiser => "optimiser",
        _ => "logging_io",
    };
}
