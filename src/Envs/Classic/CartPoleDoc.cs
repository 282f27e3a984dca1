using RlLab.Envs.Registry;

namespace RlLab.Envs.Classic;

/// <summary>CartPole's reference page (docs/envs/cartpole.md, `rllab envs CartPole`).</summary>
public static class CartPoleDoc
{
    public static EnvDoc Create() => new()
    {
        Description = "A pole is hinged to a cart that moves along a frictionless track; the agent pushes the cart " +
            "left or right to keep the pole upright. The dynamics, constants and rules are those of Gymnasium's " +
            "`CartPole-v1` (Barto, Sutton and Anderson 1983): gravity 9.8 m/s², cart 1.0 kg, pole 0.1 kg and " +
            "half-length 0.5 m, push 10 N, explicit Euler steps of τ = 0.02 s. The state is kept in doubles and " +
            "rounded to float in the observation. It is the MIT 6.S191 lab's first task.",
        Actions =
        [
            new EnvDocBlock(null, "The action buffer holds one float with the index. " +
                "0 pushes the cart to the left, 1 to the right, with a force of 10 N (values ≥ 0.5 count as 1)."),
        ],
        Observations =
        [
            new EnvDocBlock(null, "Bounds are twice the termination thresholds for the position and the angle; the velocities are unbounded.",
            [
                new("x", "m", "cart position"),
                new("x_dot", "m/s", "cart velocity"),
                new("theta", "rad", "pole angle from upright"),
                new("theta_dot", "rad/s", "pole angular velocity"),
            ]),
        ],
        Reward = "+1 for every step, the terminating step included, so the return is the episode length (at most 500).",
        StartState = "Each of the four state variables is drawn uniformly from [−0.05, 0.05], from the env's RNG " +
            "(re-seeded by `Reset(seed)`; continued on an autoreset).",
        Termination = "|theta| > 12° (0.2095 rad) or |x| > 2.4 m: end reason `pole_fell`.",
        Truncation = "after 500 steps, by the TimeLimit wrapper that the registry adds (option `max_steps`): end reason `time_limit`.",
        Options =
        [
            new EnvOptionDoc("max_steps", "500", "≥ 0 (0: no limit)", "Steps before the episode is truncated; read by the env stack, which sets the TimeLimit wrapper."),
        ],
        Info =
        [
            new EnvInfoDoc("return", "sum of the rewards: the episode length"),
            new EnvInfoDoc("length", "steps in the episode"),
            new EnvInfoDoc("end_reason", "`pole_fell` or `time_limit`"),
        ],
        Versions =
        [
            new EnvVersionDoc("1", "Gymnasium `CartPole-v1` dynamics and rules, 500-step limit."),
        ],
    };
}
