namespace RlLab.Viz.Policies;

/// <summary>
/// Chooses an action for an observation: the viewer's only view of a policy, so Viz never needs
/// TorchSharp. <typeparamref name="TObs"/> is float for vector observations and byte for HWC images,
/// as the env produces them. Discrete actions are written as one float holding the index.
/// </summary>
public delegate void ViewerPolicy<TObs>(ReadOnlySpan<TObs> observation, Span<float> action) where TObs : unmanaged;
