namespace RlLab.Agents.Bundles;

/// <summary>The element types a bundle may hold. F16 and BF16 are widened to F32 on load.</summary>
public enum SafetensorsDType { F32, F16, BF16 }
