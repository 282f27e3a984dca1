namespace RlLab.Envs.Vector;

/// <summary>
/// A fixed set of threads that run one chunk of work each per call, synchronised by two barriers.
/// Unlike Parallel.For it allocates nothing per call, and chunk i always runs the same envs,
/// so results do not depend on scheduling.
/// </summary>
sealed class WorkerPool : IDisposable
{
    readonly Thread[] _threads;
    readonly Barrier _start, _end;
    Action<int>? _work;
    volatile bool _stopping;

    public WorkerPool(int workers)
    {
        Workers = workers;
        _start = new Barrier(workers);
        _end = new Barrier(workers);
        _threads = new Thread[workers - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            int chunk = i + 1;
            _threads[i] = new Thread(() => Loop(chunk)) { IsBackground = true, Name = $"rllab-env-{chunk}" };
            _threads[i].Start();
        }
    }

    public int Workers { get; }

    /// <summary>Runs <paramref name="work"/>(chunk) for every chunk; the calling thread takes chunk 0.</summary>
    public void Run(Action<int> work)
    {
        _work = work;
        _start.SignalAndWait();
        work(0);
        _end.SignalAndWait();
    }

    void Loop(int chunk)
    {
        while (true)
        {
            _start.SignalAndWait();
            if (_stopping) return;
            _work!(chunk);
            _end.SignalAndWait();
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _start.SignalAndWait();
        foreach (Thread t in _threads) t.Join();
        _start.Dispose();
        _end.Dispose();
    }
}
