using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RlLab.Agents.Policies;

/// <summary>
/// Turns a batch of observations into feature vectors. Vectors pass through; HWC byte images are
/// converted to CHW floats in [0, 1] on the device (so buffers stay bytes) and go through a CNN.
/// </summary>
public static class FeatureExtractors
{
    /// <summary>The module and the size of the features it produces.</summary>
    public static (Module<Tensor, Tensor> Module, int Features) Create(string type, IReadOnlyList<int> obsShape, bool isImage)
    {
        lock (GlobalTorchRng.Gate) return Build(type, obsShape, isImage);
    }

    static (Module<Tensor, Tensor> Module, int Features) Build(string type, IReadOnlyList<int> obsShape, bool isImage)
    {
        if (!isImage)
        {
            return (Flatten(), obsShape.Aggregate(1, (a, b) => a * b));
        }
        if (obsShape.Count != 3) throw new ArgumentException("image observations must be H×W×C");
        int h = obsShape[0], w = obsShape[1], c = obsShape[2];
        Module<Tensor, Tensor> convs = type switch
        {
            // MIT 6.S191 driving lab: 32 5x5/2, 48 5x5/2, 64 3x3/2, 64 3x3/2, then Dense 128.
            "mit_cnn" => Sequential(
                Conv2d(c, 32, 5, stride: 2), ReLU(),
                Conv2d(32, 48, 5, stride: 2), ReLU(),
                Conv2d(48, 64, 3, stride: 2), ReLU(),
                Conv2d(64, 64, 3, stride: 2), ReLU(),
                Flatten()),
            // Mnih et al. 2015 (Nature DQN): 32 8x8/4, 64 4x4/2, 64 3x3/1, then Dense 512.
            "nature_cnn" => Sequential(
                Conv2d(c, 32, 8, stride: 4), ReLU(),
                Conv2d(32, 64, 4, stride: 2), ReLU(),
                Conv2d(64, 64, 3, stride: 1), ReLU(),
                Flatten()),
            // An MLP on raw pixels.
            _ => Flatten(),
        };
        long flat = 0;
        try
        {
            using (no_grad())
            using (var probe = zeros(1, c, h, w))
            using (var output = convs.call(probe))
                flat = output.shape[1];
        }
        catch (System.Runtime.InteropServices.ExternalException)
        {
            // libtorch refuses a kernel larger than its input; reported below.
        }
        if (flat <= 0) throw new ArgumentException($"the image {h}x{w} is too small for {type}");
        int dense = type == "mit_cnn" ? 128 : type == "nature_cnn" ? 512 : 0;
        Module<Tensor, Tensor> body = dense > 0
            ? Sequential(("convs", convs), ("dense", Mlp.Layer((int)flat, dense, Math.Sqrt(2))), ("act", ReLU()))
            : convs;
        return (Sequential(("pixels", new PixelsToFloat()), ("body", body)), dense > 0 ? dense : (int)flat);
    }

    /// <summary>[B, H, W, C] bytes → [B, C, H, W] floats in [0, 1].</summary>
    sealed class PixelsToFloat() : Module<Tensor, Tensor>("pixels_to_float")
    {
        public override Tensor forward(Tensor x) => x.permute(0, 3, 1, 2).to(ScalarType.Float32).div_(255f);
    }
}
