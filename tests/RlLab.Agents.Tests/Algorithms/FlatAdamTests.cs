using RlLab.Agents.Algorithms;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Tests.Algorithms;

/// <summary>
/// FlatAdam against what it replaces: torch's per-parameter clip_grad_norm_ and TorchSharp's Adam on
/// the same model and batches, and a save/load in Adam's own format that resumes the same steps.
/// </summary>
public sealed class FlatAdamTests
{
    static nn.Module<Tensor, Tensor> Model(long seed)
    {
        lock (RlLab.Agents.Policies.GlobalTorchRng.Gate)
        {
            manual_seed(seed);
            return nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 2));
        }
    }

    static Tensor Loss(nn.Module<Tensor, Tensor> model, int step)
    {
        var g = new Generator((ulong)(100 + step));
        Tensor x = randn(new long[] { 16, 3 }, generator: g), y = randn(new long[] { 16, 2 }, generator: g);
        // Large targets every third step, so that the norm clip is active on some steps and not on others.
        return (model.call(x) - (step % 3 == 0 ? 5.0 : 0.1) * y).square().mean();
    }

    static float[] Weights(nn.Module model) =>
        [.. model.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray())];

    [Fact]
    public void Steps_match_torchs_clip_and_adam()
    {
        using var reference = Model(1);
        using var flat = Model(1);
        using var adam = optim.Adam(reference.parameters(), 0.01, eps: 1e-5);
        using var flatAdam = new FlatAdam([.. flat.parameters()], 0.01, eps: 1e-5);
        int clipped = 0;
        for (int step = 0; step < 30; step++)
        {
            using var scope = NewDisposeScope();
            adam.zero_grad();
            Loss(reference, step).backward();
            double norm = nn.utils.clip_grad_norm_(reference.parameters(), 1.0);
            adam.step();

            flatAdam.ZeroGrad();
            Loss(flat, step).backward();
            double flatNorm = flatAdam.ClipGradNorm(1.0);
            flatAdam.Step();

            Assert.Equal(norm, flatNorm, 4);
            if (norm > 1.0) clipped++;
        }
        Assert.InRange(clipped, 1, 29);
        float[] a = Weights(reference), b = Weights(flat);
        Assert.Equal(a.Length, b.Length);
        for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) < 1e-5, $"weight {i}: {a[i]} against {b[i]}");
        Assert.NotEqual(Weights(Model(1)), b); // it did train
    }

    [Fact]
    public void A_saved_state_resumes_the_same_steps()
    {
        using var model = Model(2);
        using var flatAdam = new FlatAdam([.. model.parameters()], 0.01, eps: 1e-5);
        void Train(nn.Module<Tensor, Tensor> m, FlatAdam o, int from, int to)
        {
            for (int step = from; step < to; step++)
            {
                using var scope = NewDisposeScope();
                o.ZeroGrad();
                Loss(m, step).backward();
                o.ClipGradNorm(1.0);
                o.Step();
            }
        }
        Train(model, flatAdam, 0, 10);
        using var saved = new MemoryStream();
        using (var w = new BinaryWriter(saved, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            model.save(w);
            flatAdam.State.save_state_dict(w);
        }

        using var resumed = Model(3);
        using var resumedAdam = new FlatAdam([.. resumed.parameters()], 0.01, eps: 1e-5);
        saved.Position = 0;
        using (var r = new BinaryReader(saved))
        {
            resumed.load(r);
            resumedAdam.State.load_state_dict(r);
        }
        Assert.Equal(Weights(model), Weights(resumed));
        Train(model, flatAdam, 10, 20);
        Train(resumed, resumedAdam, 10, 20);
        // Bit for bit: the moments and the step count came back into the flat buffers.
        Assert.Equal(Weights(model), Weights(resumed));
    }
}
