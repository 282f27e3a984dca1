using RlLab.Agents.Config;

namespace RlLab.Agents.Tests.Training;

/// <summary>Small CartPole experiments that finish in a second or two.</summary>
static class TinyExperiments
{
    public static ExperimentConfig Ppo(long steps = 2048, int seed = 3, long checkpointEvery = 0, string extra = "") => ConfigLoader.Parse($"""
        name: tiny-ppo
        seed: {seed}
        env: {"{"}id: CartPole, num_envs: 4{"}"}
        policy: {"{"}hidden: [16, 16]{"}"}
        algo: {"{"}name: ppo, num_steps: 64, epochs: 2, minibatches: 2, lr: 0.003{"}"}
        train: {"{"}total_steps: {steps}, threads: 1, eval_episodes: 2, checkpoint_every: {checkpointEvery}{"}"}
        {extra}
        """, "tiny.yaml");

    /// <summary>The text of a tiny CartPole PPO experiment for `rllab train` children; <paramref name="train"/> is the train mapping's inside.</summary>
    public static string PpoYaml(string name, string train) => $$"""
        name: {{name}}
        seed: 1
        env: {id: CartPole, num_envs: 2}
        policy: {hidden: [16]}
        algo: {name: ppo, num_steps: 32, epochs: 1, minibatches: 1}
        train: {{{train}}, threads: 1}
        """;

    public static ExperimentConfig Reinforce(int episodes = 20, int seed = 3) => ConfigLoader.Parse($"""
        name: tiny-reinforce
        seed: {seed}
        env: {"{"}id: CartPole{"}"}
        algo: {"{"}name: reinforce{"}"}
        train: {"{"}total_episodes: {episodes}, threads: 1, eval_episodes: 1{"}"}
        """, "tiny.yaml");
}
