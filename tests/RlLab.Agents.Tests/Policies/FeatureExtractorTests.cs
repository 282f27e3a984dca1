using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Agents.Policies.Networks;
using RlLab.Envs.Spaces;
using static TorchSharp.torch;

namespace RlLab.Agents.Tests.Policies;

/// <summary>The CNN trunks on the sizes the driving experiments use (64×64 and MIT's 200×320).</summary>
public sealed class FeatureExtractorTests
{
    /// <summary>The features and the flattened conv output (the input width of the dense layer).</summary>
    static (long[] Features, long ConvFlat) Shapes(string type, int h, int w, int c, int batch = 2)
    {
        using var scope = NewDisposeScope();
        var (module, width) = NetworkRegistry.Get(type).Build([h, w, c], isImage: true);
        using (module)
        {
            using var generator = new Generator(1);
            Tensor images = randint(0, 256, [batch, h, w, c], generator: generator).to(ScalarType.Byte);
            long[] features;
            using (no_grad()) features = module.call(images).shape;
            Assert.Equal(width, features[1]);
            long flat = module.named_parameters().Single(p => p.name == "body.dense.weight").parameter.shape[1];
            return (features, flat);
        }
    }

    // Conv output sizes: floor((n − k) / s) + 1 per layer.
    [Theory]
    [InlineData(64, 64, 3, 64 * 2 * 2)]          // 30, 13, 6, 2
    [InlineData(200, 320, 3, 64 * 11 * 18)]      // 98×158, 47×77, 23×38, 11×18
    [InlineData(64, 64, 12, 64 * 2 * 2)]         // four stacked RGB frames
    public void MitCnnGives128Features(int h, int w, int c, long convFlat)
    {
        var (features, flat) = Shapes("mit_cnn", h, w, c);
        Assert.Equal([2, 128], features);
        Assert.Equal(convFlat, flat);
    }

    [Theory]
    [InlineData(64, 64, 3, 64 * 4 * 4)]          // 15, 6, 4
    [InlineData(200, 320, 3, 64 * 21 * 36)]      // 49×79, 23×38, 21×36
    [InlineData(84, 84, 4, 64 * 7 * 7)]          // the Atari setting of the Nature paper
    public void NatureCnnGives512Features(int h, int w, int c, long convFlat)
    {
        var (features, flat) = Shapes("nature_cnn", h, w, c);
        Assert.Equal([2, 512], features);
        Assert.Equal(convFlat, flat);
    }

    [Fact]
    public void TooSmallImageIsRejected() =>
        Assert.Throws<ArgumentException>(() => NetworkRegistry.Get("nature_cnn").Build([16, 16, 3], isImage: true));

    [Fact]
    public void BytesBecomeChwFloatsInUnitRange()
    {
        using var scope = NewDisposeScope();
        // type mlp on an image: only the byte → float conversion, then a flatten of CHW.
        var (module, width) = NetworkRegistry.Get("mlp").Build([1, 2, 3], isImage: true);
        Assert.Equal(6, width);
        byte[] hwc = [0, 51, 255, 102, 153, 204]; // pixel (0,0) = [0, 51, 255], pixel (0,1) = [102, 153, 204]
        float[] chw = module.call(tensor(hwc, [1, 1, 2, 3])).data<float>().ToArray();
        Assert.Equal(new[] { 0f, 0.4f, 0.2f, 0.6f, 1f, 0.8f }, chw.Select(v => MathF.Round(v, 5)).ToArray());
        module.Dispose();
    }

    [Fact]
    public void ActorCriticOnStackedFramesGivesOneValueAndMuSigmaPerImage()
    {
        using var scope = NewDisposeScope();
        var config = new PolicyConfig("mit_cnn", [], "relu", false, "mit_gaussian", 0, "glorot");
        using var policy = new ActorCritic(config, Box.Image(64, 64, 12), Box.Uniform(-0.125f, 0.125f, [1]), withCritic: true);
        var (actorOut, value) = policy.call(zeros([5, 64, 64, 12], ScalarType.Byte));
        Assert.Equal([5, 2], actorOut.shape);
        Assert.Equal([5], value!.shape);
    }

    /// <summary>The registry's static plan (names, shapes, output size) is what the built module holds.</summary>
    [Theory]
    [InlineData("mlp", 4, 1, 0, false)]
    [InlineData("mlp", 6, 5, 3, true)]
    [InlineData("mit_cnn", 64, 64, 3, true)]
    [InlineData("mit_cnn", 200, 320, 3, true)]
    [InlineData("nature_cnn", 84, 84, 4, true)]
    [InlineData("pong_cnn", 40, 40, 2, true)]
    [InlineData("pong_cnn_s4", 40, 40, 2, true)]
    [InlineData("pong_cnn_s4_coord", 40, 40, 2, true)]
    [InlineData("pong_cnn_tall", 80, 40, 2, true)]
    public void ThePlanIsWhatTheModuleHolds(string type, int h, int w, int c, bool image)
    {
        using var scope = NewDisposeScope();
        int[] shape = image ? [h, w, c] : [h];
        FeaturePlan plan = NetworkRegistry.Get(type).Plan(shape, image)!;
        var (module, width) = NetworkRegistry.Get(type).Build(shape, image);
        using (module)
        {
            Assert.Equal(plan.OutputSize, width);
            Assert.Equal(plan.Parameters.Select(p => $"{p.Name}:{string.Join('x', p.Shape)}"),
                module.named_parameters().Select(p => $"{p.name}:{string.Join('x', p.parameter.shape)}"));
            Assert.Equal(plan.ParameterCount, module.parameters().Sum(p => (double)p.numel()));
            using var input = image ? zeros([1, h, w, c], ScalarType.Byte) : zeros(1, h);
            using (no_grad()) Assert.Equal([1, plan.OutputSize], module.call(input).shape);
        }
    }

    [Fact]
    public void FlopsPerForwardCountTwiceTheMultiplyAdds()
    {
        // Nature CNN on 84×84×4: 20×20×32 outputs of 8×8×4, 9×9×64 of 4×4×32, 7×7×64 of 3×3×64, then 3136 → 512.
        double expected = 2.0 * (20 * 20 * 32 * 8 * 8 * 4 + 9 * 9 * 64 * 4 * 4 * 32 + 7 * 7 * 64 * 3 * 3 * 64 + 3136 * 512);
        Assert.Equal(expected, NetworkRegistry.Get("nature_cnn").Plan([84, 84, 4], true)!.Flops);
        Assert.Equal(18_685_952, expected);
        Assert.Equal(0, NetworkRegistry.Get("mlp").Plan([4], false)!.Flops);
        Assert.Null(NetworkRegistry.Get("mit_cnn").Plan([16, 16, 3], true));
        // The Pong CNN on 40×40×2 (docs/pong.md): 18×18×16 outputs of 5×5×2, 8×8×32 of 3×3×16, then 2048 → 256.
        Assert.Equal(2.0 * (18 * 18 * 16 * 5 * 5 * 2 + 8 * 8 * 32 * 3 * 3 * 16 + 2048 * 256), NetworkRegistry.Get("pong_cnn").Plan([40, 40, 2], true)!.Flops);
        // The recipe's stride-4 CNN: 9×9×16 outputs of 8×8×2, 4×4×32 of 3×3×16, then 512 → 256.
        Assert.Equal(2.0 * (9 * 9 * 16 * 8 * 8 * 2 + 4 * 4 * 32 * 3 * 3 * 16 + 512 * 256), NetworkRegistry.Get("pong_cnn_s4").Plan([40, 40, 2], true)!.Flops);
        // On the tall image: 10×9×16 outputs of 8×8×2 (8 rows and 4 columns a step), 4×4×32 of 3×3×16, then 512 → 256.
        Assert.Equal(2.0 * (10 * 9 * 16 * 8 * 8 * 2 + 4 * 4 * 32 * 3 * 3 * 16 + 512 * 256), NetworkRegistry.Get("pong_cnn_tall").Plan([80, 40, 2], true)!.Flops);
        // With the two coordinate channels the first layer sees 4 channels: 9×9×16 outputs of 8×8×4.
        Assert.Equal(2.0 * (9 * 9 * 16 * 8 * 8 * 4 + 4 * 4 * 32 * 3 * 3 * 16 + 512 * 256), NetworkRegistry.Get("pong_cnn_s4_coord").Plan([40, 40, 2], true)!.Flops);
        Assert.Equal(["mlp", "mit_cnn", "nature_cnn", "pong_cnn", "pong_cnn_s4", "pong_cnn_s4_coord", "pong_cnn_tall"], NetworkRegistry.Names);
    }

    /// <summary>
    /// Orthogonal convolutions of gain √2 keep the activations' scale through the ReLUs; torch's default init
    /// shrinks it about 6× in second moment a layer. The Pong CNN is orthogonal; the older CNNs keep torch's
    /// init, with which their published results were trained.
    /// </summary>
    [Theory]
    [InlineData("pong_cnn")]
    [InlineData("pong_cnn_s4")]
    [InlineData("pong_cnn_s4_coord")]
    [InlineData("pong_cnn_tall")]
    public void ThePongCnnsConvolutionsAreOrthogonal(string type)
    {
        using var scope = NewDisposeScope();
        Assert.True(((ConvFeatures)NetworkRegistry.Get(type)).Orthogonal);
        Assert.False(((ConvFeatures)NetworkRegistry.Get("nature_cnn")).Orthogonal);
        var (module, _) = NetworkRegistry.Get(type).Build([40, 40, 2], isImage: true);
        using (module)
        {
            // Every conv weight matrix (out × in·k·k) has orthogonal rows of norm √2; biases are zero.
            foreach (var (name, p) in module.named_parameters().Where(p => p.name.StartsWith("body.convs.")))
            {
                if (name.EndsWith(".bias")) { Assert.Equal(0, p.abs().max().item<float>()); continue; }
                using Tensor w = p.detach().flatten(1);
                using Tensor gram = w.matmul(w.t());
                Assert.True(gram.allclose(eye(w.shape[0]).mul(2.0), rtol: 0, atol: 1e-4), $"{name} is not orthogonal with gain √2");
            }
        }
    }
}
