using RlLab.Envs;
using RlLab.Envs.Plugins;
using RlLab.Envs.Registry;
using RlLab.Envs.Spaces;

namespace RlLab.TestEnvs;

/// <summary>A registration call: an env with a factory and a reference page, as a user with more to say would write.</summary>
public sealed class Registration : IEnvRegistration
{
    public void Register(EnvRegistry registry) => registry.Register(new EnvSpec("Constant",
        "Test env from RlLab.TestEnvs: a constant observation, reward 1, ends after 'steps'",
        o => new ConstantEnv(o.GetInt("steps", 5, 1, 1000)), Doc: new EnvDoc
        {
            Description = "Observes 0.5 and ends after `steps` steps.",
            Actions = [new EnvDocBlock(null, "Ignored.")],
            Observations = [new EnvDocBlock(null, "Always 0.5.", [new EnvElementDoc("value", "-")])],
            Reward = "+1 per step.",
            StartState = "Step 0.",
            Termination = "after `steps` steps.",
            Truncation = "never.",
            Options = [new EnvOptionDoc("steps", "5", "1–1000", "Episode length.")],
            Info = [new EnvInfoDoc("return", "the episode length")],
            Versions = [new EnvVersionDoc("1", "first version")],
        }));

    sealed class ConstantEnv(int steps) : IEnv<float>
    {
        int _t;
        public Space ObservationSpace { get; } = Box.Uniform(0, 1, [1]);
        public Space ActionSpace { get; } = new Discrete(2);

        public void Reset(Span<float> observation, int? seed = null)
        {
            _t = 0;
            observation[0] = 0.5f;
        }

        public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
        {
            observation[0] = 0.5f;
            return new StepResult(1f, ++_t >= steps, false);
        }
    }
}
