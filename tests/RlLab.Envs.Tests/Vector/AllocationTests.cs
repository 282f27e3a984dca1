using RlLab.Envs.Registry;
using RlLab.Envs.Vector;

namespace RlLab.Envs.Tests.Vector;

/// <summary>Stepping (autoresets included) must not allocate: rollouts run for millions of steps.</summary>
public class AllocationTests
{
    static readonly WrapperSpec[] AllFloatWrappers =
    [
        new(WrapperSpec.NormalizeObservation),
        new(WrapperSpec.ScaleReward),
        new(WrapperSpec.FrameStack, new EnvOptions(new Dictionary<string, object?> { ["k"] = 2 })),
    ];

    [Fact]
    public void Wrapped_single_env_steps_without_allocating()
    {
        using IEnv<float> env = new EnvStack("CartPole", wrappers: AllFloatWrappers).Make<float>();
        var obs = new float[8];
        float[] left = [0f], right = [1f];
        env.Reset(obs, 0);
        void Run(int steps)
        {
            for (int t = 0; t < steps; t++)
                if (env.Step(t % 3 == 0 ? left : right, obs).Done) env.Reset(obs);
        }
        Run(2000);   // warm up (JIT tiers)
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(5000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Vector_env_steps_without_allocating()
    {
        using VectorEnv<float> venv = new EnvStack("CartPole", wrappers: AllFloatWrappers).MakeVector<float>(8);
        var actions = new float[8];
        venv.Reset(0);
        void Run(int steps)
        {
            for (int t = 0; t < steps; t++)
            {
                for (int i = 0; i < actions.Length; i++) actions[i] = (t + i) % 3 == 0 ? 0f : 1f;
                venv.Step(actions);
            }
        }
        Run(500);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(1000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
