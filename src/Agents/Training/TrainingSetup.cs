using RlLab.Agents.Algorithms;
using RlLab.Agents.Config;
using RlLab.Agents.Devices;
using RlLab.Agents.Policies;
using RlLab.Agents.Policies.Networks;
using RlLab.Envs;
using RlLab.Envs.Spaces;
using RlLab.Envs.Vector;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Training;

/// <summary>
/// Everything a run trains with, built once from the resolved config and checked before anything
/// is written: the device, the vector env, the policy on the env's spaces and the algorithm.
/// A setup trains once (<see cref="Trainer.Train(TrainingSetup, RunDirectory, string?, TrainingCallbacks?, CancellationToken)"/>).
/// </summary>
public abstract class TrainingSetup : IDisposable
{
    private protected TrainingSetup(ExperimentConfig config, string configYaml, Device device, string? deviceNote)
    {
        Config = config;
        ConfigYaml = configYaml;
        Device = device;
        DeviceNote = deviceNote;
    }

    public ExperimentConfig Config { get; }
    /// <summary>The config as the run's config.yaml and its checkpoints store it.</summary>
    public string ConfigYaml { get; }
    public Device Device { get; }
    /// <summary>What the device choice wants the user to know (a fallback to the CPU), or null.</summary>
    public string? DeviceNote { get; }

    internal abstract TrainingResult Run(RunDirectory run, string? resumeFrom, TrainingCallbacks callbacks, CancellationToken cancel);

    /// <summary>What a checkpoint of this run holds: the algorithm's parts, then the self-play pool (when the run has one).</summary>
    public abstract IReadOnlyList<Checkpoints.CheckpointPart> Saved { get; }

    internal abstract Evaluation.EvalSummary EvaluateFinished(RunDirectory run, string checkpoint, CancellationToken cancel);

    /// <summary>Loads a checkpoint's weights and optimiser state, to prove that they fit (the resume loads them again).</summary>
    internal abstract void TryLoad(string checkpoint);

    public abstract void Dispose();

    /// <summary>A sanity bound: far above any policy this framework trains, far below what exhausts memory.</summary>
    public const long MaxParameters = 100_000_000;

    /// <summary>
    /// Builds the stack and checks that it fits: the device exists, the extractor suits the
    /// observation, the network has a sane size, and the policy fits the spaces (distribution
    /// against action space, image size against CNN). Throws <see cref="SetupException"/> naming <paramref name="source"/>.
    /// </summary>
    public static TrainingSetup Build(ExperimentConfig config, string source)
    {
        // The YAML and the envs need no torch: they are built while libtorch loads (DeviceChooser.Preload).
        string yaml = ConfigWriter.ToYaml(config);
        if (SelfPlay.SelfPlayTraining.Problem(config) is string problem) throw new SetupException($"{source}: {problem}");
        // The vector env is built once, here: its spaces are what the policy is checked against.
        RlLab.Envs.Registry.EnvStack stack = EnvFactory.Stack(SelfPlay.SelfPlayTraining.TrainingEnv(config));
        // A plug-in's own Reset and Step run once here, before any run folder exists: a bug in them is one line, nothing written.
        RlLab.Envs.Plugins.PluginEnvProbe.Check(stack.Registry, stack.Id, stack.Options, config.Seed);
        IVectorEnv envs = stack.MakeVector(config.Env.NumEnvs, config.Env.Threads);
        Diagnostics.WallProfile.Mark("envs_built");
        try
        {
            Device device;
            string? note;
            try
            {
                (device, note) = DeviceChooser.Resolve(config.Train.Device);
            }
            catch (InvalidOperationException e)
            {
                throw new SetupException($"{source}: {e.Message}");
            }
            CheckSizes(config, source, envs.SingleObservationSpace);
            return envs is VectorEnv<byte> pixels
                ? TrainingSetup<byte>.Create(config, yaml, source, device, note, pixels)
                : TrainingSetup<float>.Create(config, yaml, source, device, note, (VectorEnv<float>)envs);
        }
        catch
        {
            envs.Dispose();
            throw;
        }
    }

    static void CheckSizes(ExperimentConfig config, string source, Space observation)
    {
        bool image = observation is Box { DType: DType.UInt8 };
        FeatureArchitecture architecture = NetworkRegistry.Get(config.Policy.Type);
        if (architecture.NeedsImage && !image)
            throw new SetupException($"{source}: policy.type: {config.Policy.Type} needs image observations, but {config.Env.Id} observes {observation} (use mlp)");
        FeaturePlan plan = architecture.Plan(observation.Shape, image)
            ?? throw new SetupException($"{source}: policy.type: the image {observation.Shape[0]}x{observation.Shape[1]} is too small for {config.Policy.Type}");
        // Counted before building: initialising an absurd network would itself take minutes.
        long parameters = MlpParameters(plan.OutputSize, config.Policy.Hidden) * (config.Algo.Algorithm.HasCritic ? 2 : 1);
        if (parameters > MaxParameters)
            throw new SetupException($"{source}: policy.hidden: about {parameters:N0} parameters is more than {MaxParameters:N0}; make it smaller");
    }

    static long MlpParameters(long input, IReadOnlyList<int> hidden)
    {
        long total = 0, width = input;
        foreach (int h in hidden) { total += (width + 1) * h; width = h; }
        return total + width + 1;
    }
}

/// <summary>The setup for envs observing <typeparamref name="TObs"/> (float vectors or byte images).</summary>
public sealed class TrainingSetup<TObs> : TrainingSetup where TObs : unmanaged
{
    TrainingSetup(ExperimentConfig config, string configYaml, Device device, string? note, VectorEnv<TObs> envs, ActorCritic policy, Generator generator, IAlgorithm algorithm,
        SelfPlay.SelfPlayTraining? selfPlay)
        : base(config, configYaml, device, note)
    {
        Envs = envs;
        Policy = policy;
        Generator = generator;
        Algorithm = algorithm;
        SelfPlay = selfPlay;
    }

    public VectorEnv<TObs> Envs { get; }
    public ActorCritic Policy { get; }
    public Generator Generator { get; }
    public IAlgorithm Algorithm { get; }
    /// <summary>The self-play pool and its opponents, or null for a run without self_play.</summary>
    public SelfPlay.SelfPlayTraining? SelfPlay { get; }

    public override IReadOnlyList<Checkpoints.CheckpointPart> Saved =>
        SelfPlay is null ? Algorithm.Saved : [.. Algorithm.Saved, SelfPlay.Part];

    /// <summary>Cadences the setup adds to the loop's own, before its checkpoints (self-play's snapshots).</summary>
    internal IEnumerable<Callbacks.ITrainingCallback> ExtraCallbacks()
    {
        if (SelfPlay is not null) yield return SelfPlay.Cadence(() => Envs.Normalization?.ObservationStatistics());
    }

    /// <summary>The seeded policy and the algorithm on the built vector env (disposed on failure by the caller).</summary>
    internal static TrainingSetup<TObs> Create(ExperimentConfig config, string configYaml, string source, Device device, string? note, VectorEnv<TObs> envs)
    {
        ActorCritic? policy = null;
        Generator? generator = null;
        IAlgorithm? algorithm = null;
        try
        {
            torch.set_num_threads(config.Train.Threads);
            try
            {
                policy = new ActorCritic(config.Policy, envs.SingleObservationSpace, envs.SingleActionSpace, withCritic: config.Algo.Algorithm.HasCritic, seed: config.Seed);
            }
            catch (ArgumentException e)
            {
                throw new SetupException($"{source}: {e.Message} ({config.Env.Id} observes {envs.SingleObservationSpace}, acts in {envs.SingleActionSpace})");
            }
            policy.to(device);
            Diagnostics.WallProfile.Mark("policy_built");
            generator = new Generator((ulong)config.Seed, device);
            algorithm = config.Algo.Algorithm.Create(config.Algo, envs, policy, device, generator);
            SelfPlay.SelfPlayTraining? selfPlay = config.SelfPlay is null ? null : global::RlLab.Agents.SelfPlay.SelfPlayTraining.Attach(config, envs);
            return new TrainingSetup<TObs>(config, configYaml, device, note, envs, policy, generator, algorithm, selfPlay);
        }
        catch
        {
            algorithm?.Dispose();
            generator?.Dispose();
            policy?.Dispose();
            throw;
        }
    }

    internal override TrainingResult Run(RunDirectory run, string? resumeFrom, TrainingCallbacks callbacks, CancellationToken cancel) =>
        new TrainingLoop<TObs>(this, run, callbacks).Run(resumeFrom, cancel);

    internal override Evaluation.EvalSummary EvaluateFinished(RunDirectory run, string checkpoint, CancellationToken cancel) =>
        new TrainingLoop<TObs>(this, run, new TrainingCallbacks()).EvaluateFinished(checkpoint, cancel);

    internal override void TryLoad(string checkpoint) => Checkpoints.Checkpoint.LoadInto(checkpoint, Saved);

    public override void Dispose()
    {
        SelfPlay?.Dispose();
        Algorithm.Dispose();
        Generator.Dispose();
        Policy.Dispose();
        Envs.Dispose();
    }
}
