namespace RlLab.Agents.Bundles;

/// <summary>What a safetensors file holds once it has passed <see cref="SafetensorsReader"/>: string metadata and F32 tensors, sorted by name.</summary>
/// <param name="DataSha256">The SHA-256 of the data section (everything after the header), lower-case hex.</param>
public sealed record SafetensorsContent(IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<SafetensorsTensor> Tensors, string DataSha256);
