namespace RlLab.Agents.Buffers;

/// <summary>
/// Fixed-size on-policy storage for T steps of N envs, laid out [t, env, ...]. Observations keep
/// their element type, so pixel rollouts stay bytes until a minibatch is made.
/// </summary>
public sealed class RolloutBuffer<TObs> where TObs : unmanaged
{
    public RolloutBuffer(int steps, int envs, int observationSize, int actionSize)
    {
        Steps = steps;
        Envs = envs;
        ObservationSize = observationSize;
        ActionSize = actionSize;
        int n = steps * envs;
        Observations = new TObs[n * observationSize];
        Actions = new float[n * actionSize];
        LogProbs = new float[n];
        Values = new float[n];
        Rewards = new float[n];
        Dones = new bool[n];
        Advantages = new float[n];
        Returns = new float[n];
    }

    public int Steps { get; }
    public int Envs { get; }
    public int ObservationSize { get; }
    public int ActionSize { get; }
    public int Size => Steps * Envs;

    public TObs[] Observations { get; }
    public float[] Actions { get; }
    public float[] LogProbs { get; }
    public float[] Values { get; }
    public float[] Rewards { get; }
    /// <summary>True where the episode ended at this step (terminated or truncated).</summary>
    public bool[] Dones { get; }
    public float[] Advantages { get; }
    public float[] Returns { get; }

    public Span<TObs> ObservationsAt(int t) => Observations.AsSpan(t * Envs * ObservationSize, Envs * ObservationSize);
    public Span<float> ActionsAt(int t) => Actions.AsSpan(t * Envs * ActionSize, Envs * ActionSize);
    public Span<float> At(float[] column, int t) => column.AsSpan(t * Envs, Envs);

    /// <summary>
    /// Generalised advantage estimation (Schulman et al. 2016):
    /// δ_t = r_t + γ V(s_{t+1}) (1 − done_t) − V(s_t),  A_t = δ_t + γλ (1 − done_t) A_{t+1},  R_t = A_t + V(s_t).
    /// Truncated episodes were already bootstrapped into their last reward by the collector.
    /// </summary>
    public void ComputeAdvantages(ReadOnlySpan<float> lastValues, double gamma, double lambda)
    {
        for (int e = 0; e < Envs; e++)
        {
            double advantage = 0;
            double nextValue = lastValues[e];
            for (int t = Steps - 1; t >= 0; t--)
            {
                int i = t * Envs + e;
                double notDone = Dones[i] ? 0 : 1;
                double delta = Rewards[i] + gamma * nextValue * notDone - Values[i];
                advantage = delta + gamma * lambda * notDone * advantage;
                Advantages[i] = (float)advantage;
                Returns[i] = (float)(advantage + Values[i]);
                nextValue = Values[i];
            }
        }
    }
}
