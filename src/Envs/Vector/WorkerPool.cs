namespace RlLab.Envs.Vector;

/// <summary>
/// A fixed set of threads sharing a fixed number of chunks of work per call. Unlike Parallel.For
/// it allocates nothing per call. Chunk i always does the same work (the same envs), whichever
/// thread happens to claim it, so results never depend on scheduling.
///
/// Threads claim chunks from a shared counter and the caller claims too, so a worker that is slow
/// to wake (a busy machine) never stalls a step: the caller simply runs its chunk. The caller
/// then waits only for chunks already being run. An exception in any chunk is rethrown by
/// <see cref="Run"/> once every chunk has finished, and the pool stays usable.
/// </summary>
sealed class WorkerPool : IDisposable
{
    readonly Thread[] _threads;
    readonly ManualResetEventSlim[] _go;
    readonly ManualResetEventSlim _done = new(false);
    Action<int>? _work;
    long _state;        // generation << 32 | next unclaimed chunk
    int _remaining;     // chunks of this generation not finished yet
    int _generation;
    Exception? _error;
    volatile bool _stopping;

    public WorkerPool(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        Workers = workers;
        _state = workers;   // nothing to claim before the first Run
        _threads = new Thread[workers - 1];
        _go = new ManualResetEventSlim[workers - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            ManualResetEventSlim go = _go[i] = new ManualResetEventSlim(false);
            _threads[i] = new Thread(() => Loop(go)) { IsBackground = true, Name = $"rllab-env-{i + 1}" };
            _threads[i].Start();
        }
    }

    /// <summary>Threads, and chunks per call.</summary>
    public int Workers { get; }

    /// <summary>Runs <paramref name="work"/>(chunk) once for every chunk 0..Workers-1.</summary>
    public void Run(Action<int> work)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        _work = work;
        _error = null;
        Volatile.Write(ref _remaining, Workers);
        Volatile.Write(ref _state, (long)++_generation << 32);
        foreach (ManualResetEventSlim go in _go) go.Set();
        RunChunks();
        // A stale Set from an earlier call only costs one more turn of this loop.
        while (Volatile.Read(ref _remaining) > 0)
        {
            _done.Wait();
            _done.Reset();
        }
        if (_error is Exception e) throw new AggregateException("an env failed while stepping", e);
    }

    /// <summary>Claims and runs chunks of the current call until none is left.</summary>
    void RunChunks()
    {
        while (true)
        {
            long state = Volatile.Read(ref _state);
            int next = (int)(state & 0xFFFFFFFF);
            if (next >= Workers) return;
            if (Interlocked.CompareExchange(ref _state, state + 1, state) != state) continue;
            try
            {
                _work!(next);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }
            if (Interlocked.Decrement(ref _remaining) == 0) _done.Set();
        }
    }

    void Loop(ManualResetEventSlim go)
    {
        while (true)
        {
            go.Wait();
            go.Reset();
            if (_stopping) return;
            RunChunks();
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
