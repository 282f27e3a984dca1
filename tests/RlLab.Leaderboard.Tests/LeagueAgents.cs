using RlLab.Agents.Bundles;
using RlLab.Agents.Config;
using RlLab.Agents.Training;

namespace RlLab.Leaderboard.Tests;

/// <summary>
/// Tiny Pong state-vector agents for the league tests (one short PPO run each, about a second): three at
/// the league's frameskip 4, of different seeds, and one at frameskip 5 that the league refuses.
/// </summary>
public sealed class LeagueAgents : IDisposable
{
    readonly TempDir _dir = new();

    public LeagueAgents()
    {
        A = Train("ann", 1, 4, 256);
        B = Train("bob", 2, 4, 128);
        C = Train("cyd", 3, 4, 64);
        Skip5 = Train("five", 4, 5, 64);
    }

    public string A { get; }
    public string B { get; }
    public string C { get; }
    public string Skip5 { get; }

    string Train(string name, int seed, int frameskip, int steps)
    {
        ExperimentConfig config = ConfigLoader.Parse($$"""
            name: {{name}}
            seed: {{seed}}
            env:
              id: Pong
              num_envs: 2
              options: {observation: state, points_to_win: 2, frameskip: {{frameskip}} }
            policy: {hidden: [16], activation: tanh}
            algo: {name: ppo, num_steps: 32, epochs: 1, minibatches: 1}
            train: {total_steps: {{steps}}, threads: 1, eval_episodes: 0}
            """, $"{name}.yaml");
        var run = RunDirectory.Create(Path.Combine(_dir.Path, name));
        Trainer.Train(config, run);
        string bundle = Path.Combine(_dir.Path, name + ".safetensors");
        BundleExporter.Export(run.Path, bundle, "league test agent");
        return bundle;
    }

    public void Dispose() => _dir.Dispose();
}
