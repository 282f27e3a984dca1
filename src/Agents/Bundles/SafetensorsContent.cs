namespace RlLab.Agents.Bundles;

/// <summary>What a safetensors file holds once it has passed <see cref="SafetensorsReader"/>: string metadata and F32 tensors, sorted by name.</summary>
public sealed record SafetensorsContent(IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<SafetensorsTensor> Tensors);
