using System.Collections.Concurrent;

namespace RlLab.Cluster.Evaluations;

/// <summary>The evaluation queues this process serves; the queue grain finds its queue here, so it only works in this process.</summary>
public sealed class EvaluationQueues
{
    readonly ConcurrentDictionary<string, EvaluationQueue> queues = new();

    public void Add(EvaluationQueue queue) => queues[queue.Key] = queue;

    public void Remove(string key) => queues.TryRemove(key, out _);

    public EvaluationQueue? Find(string key) => queues.GetValueOrDefault(key);
}
