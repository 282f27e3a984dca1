namespace RlLab.Envs.Spaces;

/// <summary>Describes the values an observation or an action can take (Gymnasium's Space).</summary>
public abstract record Space
{
    /// <summary>The shape of one sample; images are HWC.</summary>
    public abstract IReadOnlyList<int> Shape { get; }

    /// <summary>The number of scalars in one sample when flattened.</summary>
    public int FlatSize
    {
        get
        {
            int n = 1;
            foreach (int d in Shape) n *= d;
            return n;
        }
    }
}
