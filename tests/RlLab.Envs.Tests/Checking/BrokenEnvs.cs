using RlLab.Envs.Spaces;

namespace RlLab.Envs.Tests.Checking;

/// <summary>
/// A correct little env (a counter that ends after 5 steps, start drawn from the seed) and subclasses
/// that each break one rule of the Env API, for the checker to catch.
/// </summary>
class GoodEnv : IEnv<float>
{
    protected int T;
    protected ulong State = 1;
    public virtual Space ObservationSpace { get; } = Box.Uniform(0, 100, [3]);
    public virtual Space ActionSpace { get; } = new Discrete(2);

    public virtual void Reset(Span<float> observation, int? seed = null)
    {
        if (seed is int s) State = (ulong)s + 1;
        State = State * 6364136223846793005UL + 1442695040888963407UL;
        T = (int)(State >> 60);   // 0..15
        Write(observation);
    }

    public virtual StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        T += action[0] >= 0.5f ? 2 : 1;
        Write(observation);
        return new StepResult(1f, T >= 20, false);
    }

    protected virtual void Write(Span<float> o)
    {
        for (int i = 0; i < o.Length; i++) o[i] = T + i;
    }
}

/// <summary>Observes values above its space's high bound.</summary>
sealed class OutOfSpaceEnv : GoodEnv
{
    protected override void Write(Span<float> o)
    {
        for (int i = 0; i < o.Length; i++) o[i] = 1000 + T;
    }
}

/// <summary>Draws its start from a process-wide counter instead of its seed (as Random.Shared would, but repeatably).</summary>
sealed class GlobalCounterEnv : GoodEnv
{
    static int s_next;

    public override void Reset(Span<float> observation, int? seed = null)
    {
        T = Interlocked.Increment(ref s_next) % 16;
        Write(observation);
    }
}

/// <summary>Ignores the seed: each reset continues its stream, so re-seeding does not replay.</summary>
sealed class SeedIgnoringEnv : GoodEnv
{
    public override void Reset(Span<float> observation, int? seed = null) => base.Reset(observation, null);
}

/// <summary>Writes only the first element of the observation.</summary>
sealed class PartialWriteEnv : GoodEnv
{
    protected override void Write(Span<float> o) => o[0] = T;
}

/// <summary>Allocates a scratch array every step.</summary>
sealed class AllocatingEnv : GoodEnv
{
    public static float[]? Keep;

    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        Keep = new float[16];
        return base.Step(action, observation);
    }
}

/// <summary>Returns a NaN reward.</summary>
sealed class NaNRewardEnv : GoodEnv
{
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation) =>
        base.Step(action, observation) with { Reward = float.NaN };
}

/// <summary>Implements IEnv&lt;float&gt; but declares a byte image.</summary>
sealed class WrongTypeEnv : GoodEnv
{
    public override Space ObservationSpace { get; } = Box.Image(2, 2, 1);
}

/// <summary>Declares an action Box with infinite bounds.</summary>
sealed class UnboundedActionEnv : GoodEnv
{
    public override Space ActionSpace { get; } = Box.Uniform(float.NegativeInfinity, float.PositiveInfinity, [1]);
}

/// <summary>Keeps the terminal observation on a reset without a seed: an autoreset would hand the agent a stale frame.</summary>
sealed class StaleAutoresetEnv : GoodEnv
{
    public override void Reset(Span<float> observation, int? seed = null)
    {
        if (seed is null)
        {
            State = State * 6364136223846793005UL + 1442695040888963407UL;
            T = (int)(State >> 60);
            return;
        }
        base.Reset(observation, seed);
    }
}
