using RlLab.Agents.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RlLab.Agents.Algorithms;

/// <summary>
/// Adam (Kingma and Ba 2015, as torch.optim.Adam) with optional global gradient-norm clipping, over one flat
/// buffer: every parameter, its gradient and its two moments are views into four contiguous tensors,
/// so that zeroing, clipping and a step are about ten torch calls instead of ten per parameter. For
/// small policies that per-call cost, not the arithmetic, was most of an update.
/// The moments stay the tensors of TorchSharp's <see cref="Adam"/> (<see cref="State"/>), viewed
/// into the buffer, so checkpoints keep that optimizer's format; its learning rate is the one used.
/// </summary>
public sealed class FlatAdam : IDisposable
{
    readonly Tensor _params, _grads, _expAvg, _expAvgSq;
    readonly Adam.State[] _states;
    readonly Adam.Options _options;

    /// <param name="parameters">All on one device with one dtype; they are re-seated into the flat buffer (call after any .to(device)).</param>
    public FlatAdam(IReadOnlyList<Parameter> parameters, double lr, double eps)
    {
        if (parameters.Count == 0) throw new ArgumentException("no parameters to optimise");
        Parameter first = parameters[0];
        if (parameters.Any(p => p.dtype != first.dtype || p.device.ToString() != first.device.ToString()))
            throw new ArgumentException("FlatAdam needs every parameter on one device with one dtype");
        State = optim.Adam(parameters, lr, eps: eps);
        _options = (Adam.Options)State.ParamGroups.Cast<Adam.ParamGroup>().Single().Options;
        _states = [.. State.state_dict().State.Cast<Adam.State>()];

        long total = parameters.Sum(p => p.numel());
        _params = zeros(total, first.dtype, first.device);
        _grads = zeros(total, first.dtype, first.device);
        _expAvg = zeros(total, first.dtype, first.device);
        _expAvgSq = zeros(total, first.dtype, first.device);
        using (no_grad())
        {
            long offset = 0;
            for (int i = 0; i < parameters.Count; i++)
            {
                Parameter p = parameters[i];
                long n = p.numel();
                Tensor data = Slice(_params, offset, n, p.shape);
                data.copy_(p);
                p.set_(data);
                data.Dispose();
                // Autograd accumulates into a defined gradient in place, so backward writes the buffer.
                using (Tensor grad = Slice(_grads, offset, n, p.shape)) p.grad = grad;
                Rebind(ref _states[i].exp_avg, Slice(_expAvg, offset, n, p.shape));
                Rebind(ref _states[i].exp_avg_sq, Slice(_expAvgSq, offset, n, p.shape));
                offset += n;
            }
        }
    }

    /// <summary>TorchSharp's Adam that holds the moments, the step count and the learning rate: save and load it as usual.</summary>
    public Adam State { get; }

    public void ZeroGrad() => _grads.zero_();

    /// <summary>Scales the gradient to a total L2 norm of at most <paramref name="maxNorm"/>; returns the norm before (NaN stays NaN).</summary>
    public double ClipGradNorm(double maxNorm)
    {
        using var _ = no_grad();
        using Tensor norm = _grads.norm();
        double total = norm.item<float>();
        // torch's clip_grad_norm_: coefficient max_norm / (norm + 1e-6), applied only when below 1.
        double coefficient = maxNorm / (total + 1e-6);
        if (coefficient < 1)
        {
            using Scalar c = coefficient;
            _grads.mul_(c);
        }
        return total;
    }

    /// <summary>One Adam step on every parameter, with the formula and the bias corrections of torch.optim.Adam.</summary>
    public void Step()
    {
        using var _ = no_grad();
        double beta1 = _options.beta1!.Value, beta2 = _options.beta2!.Value, eps = _options.eps!.Value, lr = _options.LearningRate!.Value;
        long step = _states[0].step + 1;
        foreach (var s in _states) s.step = step;
        double correction1 = 1 - Math.Pow(beta1, step), correction2 = 1 - Math.Pow(beta2, step);
        // Every constant a Scalar held to the end: TorchSharp does not keep an implicit one alive through the
        // native call, and its own Adam.step, which creates them, failed SAC runs with "Unknown scalar type".
        using Scalar b1 = beta1, keep1 = 1 - beta1, b2 = beta2, keep2 = 1 - beta2, root2 = Math.Sqrt(correction2), epsilon = eps, stepSize = -lr / correction1;
        _expAvg.mul_(b1).add_(_grads, alpha: keep1);
        _expAvgSq.mul_(b2).addcmul_(_grads, _grads, value: keep2);
        using Tensor root = _expAvgSq.sqrt();
        using Tensor denominator = root.div_(root2).PlusInPlace(epsilon);
        _params.addcdiv_(_expAvg, denominator, value: stepSize);
    }

    static Tensor Slice(Tensor flat, long offset, long count, long[] shape)
    {
        using Tensor narrow = flat.narrow(0, offset, count);
        return narrow.view(shape);
    }

    static void Rebind(ref Tensor field, Tensor view)
    {
        field.Dispose();
        field = view;
    }

    public void Dispose()
    {
        State.Dispose();
        _params.Dispose();
        _grads.Dispose();
        _expAvg.Dispose();
        _expAvgSq.Dispose();
    }
}
