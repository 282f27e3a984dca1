using RlLab.Agents.Bundles;
using RlLab.Agents.Config;
using RlLab.Agents.Training;

namespace RlLab.Tests.Shared;

/// <summary>
/// A tiny Pong state-vector agent for the match, league and cluster tests: one short PPO run (about a
/// second) on a 2-point game. Linked into each test project that needs one, so its recipe lives here only.
/// </summary>
static class TinyPongAgent
{
    /// <summary>Trains in <paramref name="folder"/>/<paramref name="name"/>; returns the run's folder.</summary>
    public static string TrainRun(string folder, string name, int seed, int totalSteps, int numSteps = 32, int frameskip = 4)
    {
        ExperimentConfig config = ConfigLoader.Parse($$"""
            name: {{name}}
            seed: {{seed}}
            env:
              id: Pong
              num_envs: 2
              options: {observation: state, points_to_win: 2, frameskip: {{frameskip}} }
            policy: {hidden: [16], activation: tanh}
            algo: {name: ppo, num_steps: {{numSteps}}, epochs: 1, minibatches: 1}
            train: {total_steps: {{totalSteps}}, threads: 1, eval_episodes: 0}
            """, $"{name}.yaml");
        var run = RunDirectory.Create(Path.Combine(folder, name));
        Trainer.Train(config, run);
        return run.Path;
    }

    /// <summary>Trains as <see cref="TrainRun"/> and exports the agent; returns the bundle's path.</summary>
    public static string TrainBundle(string folder, string name, int seed, int totalSteps, int frameskip = 4, string description = "test agent")
    {
        string run = TrainRun(folder, name, seed, totalSteps, frameskip: frameskip);
        string bundle = Path.Combine(folder, name + ".safetensors");
        BundleExporter.Export(run, bundle, description);
        return bundle;
    }
}
