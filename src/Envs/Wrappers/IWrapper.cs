namespace RlLab.Envs.Wrappers;

/// <summary>An env that wraps another; lets code walk a wrapper chain without knowing its element type.</summary>
public interface IWrapper : IEnv
{
    IEnv InnerEnv { get; }
}

public static class WrapperChain
{
    /// <summary>
    /// The outermost wrapper (or env) of type <typeparamref name="T"/> in the chain starting at
    /// <paramref name="env"/>, or null. E.g. <c>env.Find&lt;NormalizeObservation&gt;()</c> to save its statistics.
    /// </summary>
    public static T? Find<T>(this IEnv env) where T : class
    {
        for (IEnv? e = env; e is not null; e = (e as IWrapper)?.InnerEnv)
            if (e is T found) return found;
        return null;
    }
}
