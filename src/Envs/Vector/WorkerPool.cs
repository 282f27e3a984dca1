namespace RlLab.Envs.Vector;

/// <summary>
/// A fixed set of threads that run one chunk of work each per call. Unlike Parallel.For it
/// allocates nothing per call, and chunk i always runs the same envs, so results do not depend on
/// scheduling. Each worker waits on its own event (which spins briefly before blocking), and the
/// last one to finish wakes the caller. An exception in any chunk is rethrown by <see cref="Run"/>
/// after every chunk has finished, so the pool stays usable.
/// </summary>
sealed class WorkerPool : IDisposable
{
    readonly Thread[] _threads;
    readonly ManualResetEventSlim[] _go;
    readonly ManualResetEventSlim _done = new(false);
    Action<int>? _work;
    int _pending;
    Exception? _error;
    volatile bool _stopping;

    public WorkerPool(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        Workers = workers;
        _threads = new Thread[workers - 1];
        _go = new ManualResetEventSlim[workers - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            int chunk = i + 1;
            _go[i] = new ManualResetEventSlim(false);
            _threads[i] = new Thread(() => Loop(chunk)) { IsBackground = true, Name = $"rllab-env-{chunk}" };
            _threads[i].Start();
        }
    }

    public int Workers { get; }

    /// <summary>Runs <paramref name="work"/>(chunk) for every chunk; the calling thread takes chunk 0.</summary>
    public void Run(Action<int> work)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        _work = work;
        _error = null;
        Volatile.Write(ref _pending, _threads.Length);
        foreach (ManualResetEventSlim go in _go) go.Set();
        try
        {
            work(0);
        }
        finally
        {
            if (_threads.Length > 0)
            {
                _done.Wait();
                _done.Reset();
            }
        }
        if (_error is Exception e) throw new AggregateException("an env failed on a worker thread", e);
    }

    void Loop(int chunk)
    {
        ManualResetEventSlim go = _go[chunk - 1];
        while (true)
        {
            go.Wait();
            go.Reset();
            if (_stopping) return;
            try
            {
                _work!(chunk);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }
            if (Interlocked.Decrement(ref _pending) == 0) _done.Set();
        }
    }

    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        foreach (ManualResetEventSlim go in _go) go.Set();
        foreach (Thread t in _threads) t.Join();
        foreach (ManualResetEventSlim go in _go) go.Dispose();
        _done.Dispose();
    }
}
