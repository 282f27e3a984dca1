using RlLab.Agents.Buffers;
using static TorchSharp.torch;

namespace RlLab.Agents.Tests.Buffers;

/// <summary>The block copy into a tensor writes every element where TorchSharp's accessor would, and refuses a size that does not fill it.</summary>
public sealed class TensorStagingTests
{
    [Fact]
    public void A_block_copy_fills_byte_and_float_tensors_element_for_element()
    {
        using var scope = NewDisposeScope();
        byte[] pixels = [.. Enumerable.Range(0, 2 * 3 * 4 * 2).Select(i => (byte)(i * 7))];
        Tensor image = TensorStaging.FromBuffer<byte>(pixels, [2, 3, 4, 2], CPU);
        Assert.Equal(pixels, image.data<byte>().ToArray());
        Assert.Equal(pixels[1 * 24 + 2 * 8 + 3 * 2 + 1], image[1, 2, 3, 1].item<byte>());

        float[] values = [.. Enumerable.Range(0, 12).Select(i => i * 0.5f - 2)];
        Tensor batch = empty([3, 4], ScalarType.Float32);
        TensorStaging.CopyInto<float>(values, batch);
        Assert.Equal(values, batch.data<float>().ToArray());
        Assert.Equal(values[2 * 4 + 3], batch[2, 3].item<float>());
    }

    [Fact]
    public void A_buffer_that_does_not_fill_the_tensor_is_refused()
    {
        using var scope = NewDisposeScope();
        Tensor batch = zeros([3, 4], ScalarType.Float32);
        Assert.Throws<ArgumentException>(() => TensorStaging.CopyInto<float>(new float[11], batch));
        Assert.Equal(0, batch.abs().sum().item<float>());
    }
}
