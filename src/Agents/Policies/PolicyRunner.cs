using RlLab.Agents.Distributions;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Policies;

/// <summary>
/// Runs a policy on a batch of observations held in a managed buffer. The input tensor is allocated
/// once and refilled with one copy per call; everything runs under no_grad and a dispose scope.
/// </summary>
public sealed class PolicyRunner<TObs> : IRolloutPolicy<TObs> where TObs : unmanaged
{
    readonly ActorCritic _policy;
    readonly Tensor _input;      // CPU staging tensor [B, obs...]
    readonly Device _device;
    readonly int _batch;

    public PolicyRunner(ActorCritic policy, int batch, IReadOnlyList<int> observationShape, Device device)
    {
        _policy = policy;
        _device = device;
        _batch = batch;
        long[] shape = [batch, .. observationShape.Select(d => (long)d)];
        _input = empty(shape, Buffers.TensorStaging.TypeOf<TObs>());
    }

    public ActorCritic Policy => _policy;

    /// <summary>Picks actions (sampled, or the mode when deterministic) and, if asked, their log-probs and values.</summary>
    public void Act(ReadOnlySpan<TObs> observations, Span<float> actions, Span<float> logProbs, Span<float> values,
                    bool deterministic, Generator? generator)
    {
        using var one = OneThreadForOne();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Tensor obs = Load(observations);
        var (actorOut, value) = _policy.call(obs);
        IActionDistribution dist = _policy.Distribution(actorOut);
        Tensor action = deterministic ? dist.Mode() : dist.Sample(generator!);
        Copy(action, actions);
        if (!logProbs.IsEmpty) Copy(dist.LogProb(action), logProbs);
        if (!values.IsEmpty && value is not null) Copy(value, values);
    }

    /// <summary>V(s) for every observation of the batch.</summary>
    public void Values(ReadOnlySpan<TObs> observations, Span<float> values)
    {
        using var one = OneThreadForOne();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Copy(_policy.Value(Load(observations)), values);
    }

    /// <summary>
    /// A single observation runs on one intra-op thread, the others restored after: a second thread has
    /// nothing to share, and on a busy machine its barrier waits for the scheduler. pong_cnn, one
    /// observation, 2 cores at a load of 5: 0.17 ms a call on one thread against 18 ms on two.
    /// </summary>
    ThreadScope OneThreadForOne()
    {
        if (_batch != 1) return default;
        int threads = get_num_threads();
        if (threads <= 1) return default;
        set_num_threads(1);
        return new ThreadScope(threads);
    }

    readonly struct ThreadScope(int restore) : IDisposable
    {
        public void Dispose()
        {
            if (restore > 1) set_num_threads(restore);
        }
    }

    Tensor Load(ReadOnlySpan<TObs> observations)
    {
        Buffers.TensorStaging.CopyInto(observations, _input);
        return _device.type == DeviceType.CPU ? _input : _input.to(_device);
    }

    static void Copy(Tensor source, Span<float> destination)
    {
        Tensor cpu = source.device_type == DeviceType.CPU ? source : source.cpu();
        cpu.contiguous().data<float>().CopyTo(destination, 0, 0);
    }

    public int Batch => _batch;

    /// <summary>Nothing to do: it runs the module itself.</summary>
    public void Sync() { }

    public void Dispose() => _input.Dispose();
}
