using RlLab.Agents.Buffers;

namespace RlLab.Agents.Tests.Algorithms;

public sealed class ReplayBufferTests
{
    /// <summary>Transition k: observation [k, −k], next [k + 0.5, −k], action [k / 10], reward k, terminated for odd k.</summary>
    static void AddTransitions(ReplayBuffer<float> buffer, int from, int count)
    {
        for (int k = from; k < from + count; k++)
            buffer.Add([k, -k], [k + 0.5f, -k], [k / 10f], k, terminated: k % 2 == 1);
    }

    static (float[] Obs, float[] Next, float[] Actions, float[] Rewards, float[] Terminated) All(ReplayBuffer<float> b)
    {
        int n = b.Count;
        var r = (new float[n * 2], new float[n * 2], new float[n], new float[n], new float[n]);
        b.Gather([.. Enumerable.Range(0, n).Select(i => (long)i)], r.Item1, r.Item2, r.Item3, r.Item4, r.Item5);
        return r;
    }

    static void Same(ReplayBuffer<float> a, ReplayBuffer<float> b)
    {
        var (x, y) = (All(a), All(b));
        Assert.Equal(x.Obs, y.Obs);
        Assert.Equal(x.Next, y.Next);
        Assert.Equal(x.Actions, y.Actions);
        Assert.Equal(x.Rewards, y.Rewards);
        Assert.Equal(x.Terminated, y.Terminated);
    }

    [Fact]
    public void A_full_buffer_overwrites_its_oldest_rows()
    {
        var b = new ReplayBuffer<float>(3, 2, 1);
        AddTransitions(b, 0, 2);
        Assert.Equal((2, 2, false), (b.Count, b.Position, b.Full));
        AddTransitions(b, 2, 3);   // transitions 0-4 into 3 rows: rows hold 3, 4, 2
        Assert.Equal((3, 2, true), (b.Count, b.Position, b.Full));
        var (obs, next, actions, rewards, terminated) = All(b);
        Assert.Equal([3f, -3, 4, -4, 2, -2], obs);
        Assert.Equal([3.5f, -3, 4.5f, -4, 2.5f, -2], next);
        Assert.Equal([0.3f, 0.4f, 0.2f], actions);
        Assert.Equal([3f, 4, 2], rewards);
        Assert.Equal([1f, 0, 0], terminated);
        Assert.Throws<ArgumentOutOfRangeException>(() => b.Gather([3], new float[2], new float[2], new float[1], new float[1], new float[1]));
    }

    [Theory]
    [InlineData(2)]   // partly filled: only the filled rows are saved
    [InlineData(5)]   // wrapped
    public void Save_and_load_round_trip(int transitions)
    {
        var b = new ReplayBuffer<float>(3, 2, 1);
        AddTransitions(b, 0, transitions);
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) b.Save(w);

        var copy = new ReplayBuffer<float>(3, 2, 1);
        stream.Position = 0;
        using (var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true)) copy.Load(r);
        Assert.Equal((b.Count, b.Position, b.Full), (copy.Count, copy.Position, copy.Full));
        Same(b, copy);
        // It goes on filling where the original would.
        AddTransitions(b, 10, 1);
        AddTransitions(copy, 10, 1);
        Same(b, copy);

        stream.Position = 0;
        var other = new ReplayBuffer<float>(4, 2, 1);
        using var reader = new BinaryReader(stream);
        Assert.Throws<InvalidDataException>(() => other.Load(reader));
    }
}
